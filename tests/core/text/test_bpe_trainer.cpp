// BpeTrainer: merges worked out by hand on tiny corpora (counts, tie-breaking, overlapping pairs, the
// vocabulary limit), forced tokens, added tokens, option checks, byte-identical output, and the trained
// files against the reference, the Hugging Face tokenizers library (Node binding, tests/tools):
//   - it loads our tokenizer.json and encodes (and decodes) a held-out corpus exactly as BpeTokenizer does;
//   - its own BPE trainer, run on the same corpus through the same pipeline, learns the same merges;
//   - the chat_template of our tokenizer_config.json, rendered by transformers.js's Jinja engine, is the
//     ChatML that ChatTemplate renders.
// The corpus mimics the demo's: dictation sentences from a few hundred words, spoken commands with their
// function calls, and IPA transcriptions with space-separated phones.
#include "core/text/bpe_trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/text/bpe_tokenizer.h"
#include "core/text/chat_template.h"
#include "core/text/unicode_normalizer.h"
#include "core/util/error.h"
#include "tests/core/text/tokenizer_test_support.h"

using namespace steerscope;
using Ids = std::vector<int32_t>;

namespace {

// IPA phones as the demo writes them (letters and length marks only, so each stays one pre-tokenizer word).
const std::vector<std::string> kPhones = {"p", "b",  "t",  "d",  "k",  "ɡ",  "f",  "v",  "θ", "ð",  "s",
                                          "z", "ʃ",  "ʒ",  "h",  "tʃ", "dʒ", "m",  "n",  "ŋ", "l",  "ɹ",
                                          "w", "j",  "iː", "ɪ",  "eɪ", "ɛ",  "æ",  "ɑː", "ɒ", "ɔː", "oʊ",
                                          "ʊ", "uː", "ʌ",  "ɜː", "ə",  "aɪ", "aʊ", "ɔɪ"};

// Each phone with and without its leading space: a transcription's first phone has none.
std::vector<std::string> phone_tokens() {
  std::vector<std::string> tokens;
  for (const std::string& p : kPhones) {
    tokens.push_back(" " + p);
    tokens.push_back(p);
  }
  return tokens;
}

// Seeded text in the demo's three styles.
class DemoCorpus {
 public:
  explicit DemoCorpus(uint32_t seed) : rng_(seed) {}

  std::vector<std::string> lines(size_t count) {
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i) {
      switch (pick(4)) {
        case 0:
          out.push_back(transcription());
          break;
        case 1:
          out.push_back(command());
          break;
        default:
          out.push_back(sentence());
      }
    }
    return out;
  }

  std::string sentence() {
    static const std::vector<std::string> words = {
        "the",     "a",         "of",       "to",       "and",       "in",      "is",       "it",
        "you",     "that",      "he",       "was",      "for",       "on",      "are",      "with",
        "as",      "I",         "his",      "they",     "be",        "at",      "one",      "have",
        "this",    "from",      "or",       "had",      "by",        "word",    "but",      "what",
        "some",    "we",        "can",      "out",      "other",     "were",    "all",      "there",
        "when",    "up",        "use",      "your",     "how",       "said",    "an",       "each",
        "she",     "which",     "do",       "their",    "time",      "if",      "will",     "way",
        "about",   "many",      "then",     "them",     "write",     "would",   "like",     "so",
        "these",   "her",       "long",     "make",     "thing",     "see",     "him",      "two",
        "has",     "look",      "more",     "day",      "could",     "go",      "come",     "did",
        "number",  "sound",     "no",       "most",     "people",    "my",      "over",     "know",
        "water",   "than",      "call",     "first",    "who",       "may",     "down",     "side",
        "been",    "now",       "find",     "quick",    "brown",     "fox",     "jumps",    "lazy",
        "dog",     "morning",   "evening",  "kitchen",  "garden",    "window",  "letter",   "meeting",
        "doctor",  "station",   "weather",  "music",    "record",    "speech",  "voice",    "listen",
        "quietly", "slowly",    "quickly",  "tomorrow", "yesterday", "because", "although", "whether",
        "between", "under",     "against",  "during",   "without",   "before",  "after",    "around",
        "through", "important", "remember", "question", "answer",    "minutes", "hours",    "seconds"};
    std::string s;
    const size_t n = 4 + pick(11);
    for (size_t i = 0; i < n; ++i) {
      std::string w = words[zipf(words.size())];
      if (i == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      if (i > 0) s += ' ';
      s += w;
      if (i + 1 < n && pick(12) == 0) s += ',';
      if (pick(25) == 0) s += " " + std::to_string(pick(100));
    }
    static const char* ends[] = {".", ".", ".", "?", "!"};
    return s + ends[pick(5)];
  }

  std::string command() {
    static const std::vector<std::string> rooms = {"kitchen", "bedroom", "living room", "garage", "office"};
    static const std::vector<std::string> genres = {"jazz", "rock", "classical", "pop", "folk"};
    static const std::vector<std::string> cities = {"Paris", "London", "Tokyo", "Berlin", "Madrid", "Oslo"};
    static const std::vector<std::string> names = {"mom", "dad", "Alice", "Bob", "the office", "Dr. Smith"};
    const std::string n = std::to_string(1 + pick(59));
    switch (pick(6)) {
      case 0:
        return "set a timer for " + n + " minutes => set_timer(minutes=" + n + ")";
      case 1: {
        const std::string& room = rooms[pick(rooms.size())];
        const bool on = pick(2) == 0;
        return std::string("turn ") + (on ? "on" : "off") + " the " + room + " lights => set_lights(room=\"" +
               room + "\", on=" + (on ? "true" : "false") + ")";
      }
      case 2: {
        const std::string& g = genres[pick(genres.size())];
        return "play some " + g + " music => play_music(genre=\"" + g + "\")";
      }
      case 3: {
        const std::string& c = cities[pick(cities.size())];
        return "what's the weather in " + c + " => get_weather(city=\"" + c + "\")";
      }
      case 4: {
        const std::string& who = names[pick(names.size())];
        return "call " + who + " => call_contact(name=\"" + who + "\")";
      }
      default: {
        const std::string h = std::to_string(1 + pick(12));
        return "remind me at " + h + " pm => create_reminder(time=\"" + h + ":00\", pm=true)";
      }
    }
  }

  std::string transcription() {
    std::string s;
    const size_t n = 3 + pick(20);
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) s += ' ';
      s += kPhones[zipf(kPhones.size())];
    }
    return s;
  }

 private:
  size_t pick(size_t n) { return static_cast<size_t>(rng_() % n); }
  // Roughly Zipfian over [0, n): small indices are frequent, as in real text.
  size_t zipf(size_t n) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    return std::min(n - 1, static_cast<size_t>(std::pow(static_cast<double>(n + 1), u(rng_))) - 1);
  }
  std::mt19937 rng_;
};

void add_lines(BpeTrainer& trainer, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) trainer.add_text(line + "\n");
}

std::vector<std::string> merge_strings(const BpeTrainer& trainer) {
  const std::vector<std::string> vocab = trainer.vocabulary();
  std::vector<std::string> out;
  for (const auto& m : trainer.merges()) out.push_back(vocab[m.left] + " " + vocab[m.right]);
  return out;
}

// Held-out text: new demo lines, and what the demo's LM will also be given: ChatML with special tokens,
// characters the training text never had (other scripts, emoji, control characters), whitespace runs.
std::vector<std::string> held_out_texts() {
  std::vector<std::string> texts = DemoCorpus(777).lines(400);
  const std::vector<std::string> extra = {
      "<|im_start|>user\nset a timer for 25 minutes<|im_end|>\n<|im_start|>assistant\nset_timer(minutes=25)"
      "<|im_end|>",
      "<|endoftext|>",
      "ð ə k w ɪ k b ɹ aʊ n f ɒ k s",
      "ʒ ʒ ʒ",
      "The QUICK brown fox's dog'LL jump; 1234 times!!",
      "caf\xC3\xA9 cafe\xCC\x81 na\xC3\xAFve \xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C",
      "emoji \xF0\x9F\x98\x80 \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD ok",
      "  leading and trailing  \t\n\n  ",
      "a\r\n\r\nb",
      std::string("nul\0byte", 8),
      "x=12345; y = f(x) * 2",
      "get_weather(city=\"Reykjav\xC3\xADk\")",
  };
  texts.insert(texts.end(), extra.begin(), extra.end());
  return texts;
}

std::vector<std::string> json_lines(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& t : texts) out.push_back(nlohmann::json(t).dump());
  return out;
}

// The demo's tokenizer, trained once per test binary into a scratch directory removed at exit.
class DemoTokenizer {
 public:
  static const DemoTokenizer& get() {
    static const DemoTokenizer d;
    return d;
  }
  ~DemoTokenizer() { std::filesystem::remove_all(dir); }

  std::string dir;
  size_t vocab_size = 0;

 private:
  DemoTokenizer() {
    BpeTrainerOptions options;
    options.vocab_size = 1000;
    options.added_tokens = {"<tool_call>", "</tool_call>"};
    options.forced_tokens = phone_tokens();
    options.default_system_prompt = "You are a voice assistant.";
    options.model_max_length = 2048;
    BpeTrainer trainer(options);
    add_lines(trainer, DemoCorpus(1).lines(6000));
    trainer.train();
    dir = test::scratch_dir("bpe-trainer-demo").string();
    vocab_size = trainer.vocab_size();
    trainer.save(dir);
  }
};

}  // namespace

TEST(BpeTrainer, MergesTheMostFrequentPairFirst) {
  // The classic example (Sennrich et al. 2016): low x5, lower x2, newest x6, widest x3. Each word is
  // its own text, so no spaces. Pair counts: es 9, st 9, we 8, lo 7, ow 7, ne 6, ew 6, wi/id/de 3, er 2.
  // Byte ids (GPT-2 order: byte - 0x21 for printable ASCII): d 67, e 68, i 72, l 75, n 77, o 78, s 82, w 86.
  BpeTrainerOptions options;
  options.min_frequency = 3;
  BpeTrainer trainer(options);
  for (const auto& [word, times] :
       std::vector<std::pair<std::string, int>>{{"low", 5}, {"lower", 2}, {"newest", 6}, {"widest", 3}})
    for (int i = 0; i < times; ++i) trainer.add_text(word);
  trainer.train();
  // es/st tie at 9: e (68) < s (82). Then est 9. lo/ow tie at 7 (we fell to 2 once "est" took newest's
  // e): l < o. Then ne/ew/w+est at 6: e (68) first, then n (77) + ew, then new + est. Then widest's
  // pairs at 3: d (67) + est, i (72) + dest, w + idest. er and low+er (2) are below min_frequency.
  EXPECT_EQ(merge_strings(trainer), (std::vector<std::string>{"e s", "es t", "l o", "lo w", "e w", "n ew",
                                                              "new est", "d est", "i dest", "w idest"}));
  std::vector<uint64_t> counts;
  for (const auto& m : trainer.merges()) counts.push_back(m.count);
  EXPECT_EQ(counts, (std::vector<uint64_t>{9, 9, 7, 7, 6, 6, 6, 3, 3, 3}));
  EXPECT_EQ(trainer.vocab_size(), 266u);
  EXPECT_EQ(trainer.vocabulary()[256], "es");
  EXPECT_EQ(trainer.vocabulary()[262], "newest");
  EXPECT_EQ(trainer.vocabulary()[265], "widest");
  EXPECT_EQ(trainer.vocabulary()[68], "e");
  EXPECT_EQ(trainer.vocabulary()[220], "\xC4\xA0");  // 'Ġ', the space
  EXPECT_EQ(trainer.token_bytes(220), " ");
  EXPECT_EQ(trainer.word_count(), 16u);
  EXPECT_EQ(trainer.distinct_word_count(), 4u);

  // Lower the threshold and the pairs at 2 follow: e (68) + r before low (259) + er.
  BpeTrainerOptions all = options;
  all.min_frequency = 1;
  BpeTrainer trainer_all(all);
  for (const auto& [word, times] :
       std::vector<std::pair<std::string, int>>{{"low", 5}, {"lower", 2}, {"newest", 6}, {"widest", 3}})
    for (int i = 0; i < times; ++i) trainer_all.add_text(word);
  trainer_all.train();
  const auto strings = merge_strings(trainer_all);
  ASSERT_EQ(strings.size(), 12u);
  EXPECT_EQ(strings[10], "e r");
  EXPECT_EQ(strings[11], "low er");

  // The vocabulary limit stops it after 256 + 4 entries.
  BpeTrainerOptions small = all;
  small.vocab_size = 260;
  BpeTrainer trainer_small(small);
  trainer_small.add_text("low low low low low lower lower");
  trainer_small.train();
  EXPECT_EQ(trainer_small.vocab_size(), 260u);
  EXPECT_EQ(trainer_small.merges().size(), 4u);
}

TEST(BpeTrainer, TiesGoToTheSmallerLeftThenRightId) {
  BpeTrainerOptions options;
  options.min_frequency = 1;
  BpeTrainer trainer(options);
  for (const char* w : {"ba", "ac", "ab"}) trainer.add_text(w);
  trainer.train();
  // All three pairs occur once: (a, b) = (64, 65) < (a, c) = (64, 66) < (b, a) = (65, 64).
  EXPECT_EQ(merge_strings(trainer), (std::vector<std::string>{"a b", "a c", "b a"}));
}

TEST(BpeTrainer, CountsOverlappingPairsPerPosition) {
  BpeTrainerOptions options;
  options.min_frequency = 1;
  BpeTrainer trainer(options);
  trainer.add_text("aaa");    // (a, a) twice, but merged once: "aa a"
  trainer.add_text("abab");   // (a, b) twice, (b, a) once
  trainer.add_text("xabab");  // a word starting with another symbol
  trainer.train();
  const auto strings = merge_strings(trainer);
  std::vector<uint64_t> counts;
  for (const auto& m : trainer.merges()) counts.push_back(m.count);
  // (a, b) 4 first. Then (a, a) 2 and (ab, ab) 2 tie: a (64) < ab (256). After it, "aa a" holds (aa, a)
  // once, (b, a) is gone, and "abab"/"xabab" hold (ab, ab) twice.
  ASSERT_GE(strings.size(), 3u);
  EXPECT_EQ(strings[0], "a b");
  EXPECT_EQ(counts[0], 4u);
  EXPECT_EQ(strings[1], "a a");
  EXPECT_EQ(counts[1], 2u);
  EXPECT_EQ(strings[2], "ab ab");
  EXPECT_EQ(counts[2], 2u);
  // Then the pairs seen once, smaller left id first: (x, abab) = (87, 258) and (aa, a) = (257, 64).
  EXPECT_EQ(std::vector<std::string>(strings.begin() + 3, strings.end()),
            (std::vector<std::string>{"x abab", "aa a"}));
}

TEST(BpeTrainer, TrainsOnTextAsEncodeSeesIt) {
  BpeTrainerOptions options;
  options.min_frequency = 1;
  options.vocab_size = 5000;
  BpeTrainer trainer(options);
  // Special tokens are cut out; NFC composes e + U+0301; digits are words of their own; the leading
  // space belongs to the next word.
  trainer.add_text("<|im_start|>cafe\xCC\x81<|im_end|> 42<|endoftext|> hi");
  trainer.train();
  const std::vector<std::string> vocab = trainer.vocabulary();
  EXPECT_NE(std::find(vocab.begin(), vocab.end(), "caf\xC3\x83\xC2\xA9"), vocab.end());  // "café" bytes
  EXPECT_NE(std::find(vocab.begin(), vocab.end(), "\xC4\xA0hi"), vocab.end());           // " hi"
  for (const std::string& v : vocab) {
    EXPECT_EQ(v.find("im_"), std::string::npos) << v;
    EXPECT_EQ(v.find("42"), std::string::npos) << v;
  }
  // Words: "café", " ", "4", "2", " hi".
  EXPECT_EQ(trainer.word_count(), 5u);
}

TEST(BpeTrainer, AddedTokensFollowTheVocabulary) {
  BpeTrainerOptions options;
  options.vocab_size = 300;
  options.added_tokens = {"<tool_call>", "</tool_call>"};
  BpeTrainer trainer(options);
  add_lines(trainer, DemoCorpus(3).lines(300));
  trainer.train();
  const auto added = trainer.added_tokens();
  ASSERT_EQ(added.size(), 5u);
  const std::vector<std::pair<std::string, bool>> expected = {{"<|endoftext|>", true},
                                                              {"<|im_start|>", true},
                                                              {"<|im_end|>", true},
                                                              {"<tool_call>", false},
                                                              {"</tool_call>", false}};
  for (size_t i = 0; i < added.size(); ++i) {
    EXPECT_EQ(added[i].id, static_cast<int32_t>(300 + i));
    EXPECT_EQ(added[i].content, expected[i].first);
    EXPECT_EQ(added[i].special, expected[i].second);
    EXPECT_FALSE(added[i].normalized);
  }
}

TEST(BpeTrainer, ForcedTokensEncodeAsOneToken) {
  // A small vocabulary and a high threshold: on its own the trainer would leave most phones in pieces.
  BpeTrainerOptions options;
  options.vocab_size = 700;
  options.min_frequency = 50;
  const auto lines = DemoCorpus(5).lines(1500);

  BpeTrainer plain(options);
  add_lines(plain, lines);
  plain.train();
  const auto plain_dir = test::scratch_dir("bpe-trainer-plain");
  plain.save(plain_dir.string());
  const BpeTokenizer plain_tokenizer(plain_dir.string());
  // " ʔ" (20 CA 94) never occurs in the corpus: without forcing it is at least two tokens.
  const std::string kGlottalStop = " \xCA\x94";
  EXPECT_GT(plain_tokenizer.encode(kGlottalStop).size(), 1u);

  options.forced_tokens = phone_tokens();
  options.forced_tokens.push_back(kGlottalStop);
  BpeTrainer forced(options);
  add_lines(forced, lines);
  forced.train();
  const auto dir = test::scratch_dir("bpe-trainer-forced");
  forced.save(dir.string());
  const BpeTokenizer tokenizer(dir.string());
  for (const std::string& token : options.forced_tokens) {
    const Ids ids = tokenizer.encode(token);
    EXPECT_EQ(ids.size(), 1u) << "'" << token << "'";
    if (ids.size() == 1) {
      EXPECT_EQ(tokenizer.token_bytes(ids[0]), token);
    }
  }
  // A transcription costs one token per phone (without forcing, some phones take more).
  size_t transcriptions = 0, plain_tokens = 0, phone_count = 0;
  for (const std::string& line : DemoCorpus(6).lines(300)) {
    if (line.find("=>") != std::string::npos || line.find_first_of(".?!") != std::string::npos) continue;
    const size_t phones = static_cast<size_t>(std::count(line.begin(), line.end(), ' ')) + 1;
    EXPECT_EQ(tokenizer.encode(line).size(), phones) << line;
    plain_tokens += plain_tokenizer.encode(line).size();
    phone_count += phones;
    ++transcriptions;
  }
  EXPECT_GT(transcriptions, 50u);
  EXPECT_GT(plain_tokens, phone_count);
  // The forced merges come before every greedy one, and are marked.
  const auto& merges = forced.merges();
  ASSERT_FALSE(merges.empty());
  EXPECT_TRUE(merges.front().forced);
  const auto first_greedy =
      std::find_if(merges.begin(), merges.end(), [](const BpeTrainer::Merge& m) { return !m.forced; });
  EXPECT_TRUE(std::all_of(first_greedy, merges.end(), [](const BpeTrainer::Merge& m) { return !m.forced; }));
  EXPECT_LE(forced.vocab_size(), 700u);
  std::filesystem::remove_all(plain_dir);
  std::filesystem::remove_all(dir);
}

TEST(BpeTrainer, RefusesForcedTokensThatCannotStayWhole) {
  const auto message_of = [](std::vector<std::string> forced) -> std::string {
    BpeTrainerOptions options;
    options.forced_tokens = std::move(forced);
    try {
      BpeTrainer trainer(options);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  // " ɑ̃": the combining tilde is not a letter, so the regex makes it a word of its own.
  const std::string nasal = message_of({" \xC9\x91\xCC\x83"});
  EXPECT_NE(nasal.find("cut by the pre-tokenizer"), std::string::npos) << nasal;
  EXPECT_NE(nasal.find("' \xC9\x91' + '\xCC\x83'"), std::string::npos) << nasal;
  EXPECT_NE(message_of({"a b"}).find("cut by the pre-tokenizer"), std::string::npos);
  EXPECT_NE(message_of({"12"}).find("cut by the pre-tokenizer"), std::string::npos);
  EXPECT_NE(message_of({"x<|im_end|>"}).find("contains an added token"), std::string::npos);
  EXPECT_NE(message_of({""}).find("empty"), std::string::npos);
  EXPECT_NE(message_of({"\xFF"}).find("not valid UTF-8"), std::string::npos);
  // Decomposed input is accepted and normalized: " é" as e + U+0301 becomes the composed token.
  BpeTrainerOptions options;
  options.forced_tokens = {" e\xCC\x81"};
  BpeTrainer trainer(options);
  trainer.train();
  EXPECT_EQ(trainer.token_bytes(static_cast<int32_t>(trainer.vocab_size()) - 1), " \xC3\xA9");
}

TEST(BpeTrainer, RefusesInconsistentOptions) {
  const auto throws_with = [](const BpeTrainerOptions& options, const std::string& expected) {
    try {
      BpeTrainer trainer(options);
      trainer.train();
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "no Error; expected one saying " << expected;
  };
  BpeTrainerOptions o;
  o.vocab_size = 255;
  throws_with(o, "vocab_size 255 is below 256");
  o = {};
  o.eos_token = "</s>";
  throws_with(o, "eos_token '</s>' is not one of the special or added tokens");
  o = {};
  o.added_tokens = {"<|im_end|>"};
  throws_with(o, "'<|im_end|>' is listed twice");
  o = {};
  o.special_tokens.push_back("");
  throws_with(o, "empty");
  o = {};
  o.vocab_size = 259;
  o.forced_tokens = {"hello"};  // h+e, he+l, hel+l, hell+o: 260 entries
  throws_with(o, "vocab_size 259 is too small");

  BpeTrainer untrained;
  EXPECT_THROW(untrained.tokenizer_json(), Error);
  EXPECT_THROW(untrained.merges(), Error);
}

TEST(BpeTrainer, SameCorpusGivesByteIdenticalFiles) {
  BpeTrainerOptions options;
  options.vocab_size = 600;
  options.forced_tokens = phone_tokens();
  auto lines = DemoCorpus(11).lines(2000);
  BpeTrainer first(options);
  add_lines(first, lines);
  first.train();
  // Another trainer, the texts in another order.
  std::shuffle(lines.begin(), lines.end(), std::mt19937(12));
  BpeTrainer second(options);
  add_lines(second, lines);
  second.train();
  EXPECT_EQ(first.tokenizer_json(), second.tokenizer_json());
  EXPECT_EQ(first.tokenizer_config_json(), second.tokenizer_config_json());
  // Training again on the same trainer, and saving twice, changes nothing either.
  const std::string before = first.tokenizer_json();
  first.train();
  EXPECT_EQ(first.tokenizer_json(), before);
  const auto a = test::scratch_dir("bpe-trainer-det-a"), b = test::scratch_dir("bpe-trainer-det-b");
  first.save(a.string());
  second.save(b.string());
  for (const char* name : {"tokenizer.json", "tokenizer_config.json"})
    EXPECT_EQ(test::read_text_file((a / name).string()), test::read_text_file((b / name).string())) << name;
  std::filesystem::remove_all(a);
  std::filesystem::remove_all(b);
}

TEST(BpeTrainer, WritesTheQwen2Layout) {
  const auto& demo = DemoTokenizer::get();
  const nlohmann::json j = nlohmann::json::parse(test::read_text_file(demo.dir + "/tokenizer.json"));
  EXPECT_EQ(j["normalizer"], nlohmann::json::parse(R"({"type":"NFC"})"));
  EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"], PreTokenizer::kQwen2Pattern);
  EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][0]["behavior"], "Isolated");
  EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][1]["type"], "ByteLevel");
  EXPECT_EQ(j["pre_tokenizer"]["pretokenizers"][1]["use_regex"], false);
  EXPECT_EQ(j["post_processor"]["type"], "ByteLevel");
  EXPECT_EQ(j["decoder"]["type"], "ByteLevel");
  EXPECT_EQ(j["model"]["type"], "BPE");
  EXPECT_EQ(j["model"]["vocab"].size(), demo.vocab_size);
  EXPECT_EQ(j["model"]["vocab"]["!"], 0);
  EXPECT_EQ(j["model"]["vocab"]["\xC4\xA0"], 220);
  EXPECT_EQ(j["model"]["vocab"]["\xC4\x8A"], 198);   // 'Ċ', the line feed
  ASSERT_TRUE(j["model"]["merges"][0].is_string());  // the legacy "a b" form
  EXPECT_EQ(j["added_tokens"][0]["id"], demo.vocab_size);
  EXPECT_EQ(j["added_tokens"][0]["content"], "<|endoftext|>");

  const nlohmann::json c = nlohmann::json::parse(test::read_text_file(demo.dir + "/tokenizer_config.json"));
  EXPECT_EQ(c["eos_token"], "<|im_end|>");
  EXPECT_EQ(c["pad_token"], "<|endoftext|>");
  EXPECT_TRUE(c["bos_token"].is_null());
  EXPECT_EQ(c["add_bos_token"], false);
  EXPECT_EQ(c["tokenizer_class"], "Qwen2Tokenizer");
  EXPECT_EQ(c["model_max_length"], 2048);
  EXPECT_EQ(c["added_tokens_decoder"][std::to_string(demo.vocab_size + 2)]["content"], "<|im_end|>");
  EXPECT_EQ(c["additional_special_tokens"], nlohmann::json::parse(R"(["<|im_start|>"])"));
}

TEST(BpeTrainer, TrainedFileLoadsAndRoundTrips) {
  const auto& demo = DemoTokenizer::get();
  const BpeTokenizer tokenizer(demo.dir);
  EXPECT_EQ(tokenizer.vocab_size(), demo.vocab_size + 5);
  EXPECT_EQ(tokenizer.eos_token_id(), static_cast<int32_t>(demo.vocab_size + 2));
  EXPECT_EQ(tokenizer.pad_token_id(), static_cast<int32_t>(demo.vocab_size));
  EXPECT_FALSE(tokenizer.bos_token_id().has_value());
  EXPECT_NE(tokenizer.chat_template().find("<|im_start|>"), std::string::npos);
  EXPECT_EQ(tokenizer.token_to_id("<tool_call>"), static_cast<int32_t>(demo.vocab_size + 3));
  EXPECT_FALSE(tokenizer.is_special(static_cast<int32_t>(demo.vocab_size + 3)));

  const UnicodeNormalizer nfc({UnicodeNormalizer::Form::kNFC});
  size_t dictation_words = 0, dictation_tokens = 0;
  DemoCorpus held_out(99);
  for (const std::string& text : held_out_texts()) {
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(text)), nfc.apply(text)) << text;
  }
  for (int i = 0; i < 300; ++i) {
    const std::string s = held_out.sentence();
    dictation_words += static_cast<size_t>(std::count(s.begin(), s.end(), ' ')) + 1;
    dictation_tokens += tokenizer.encode(s).size();
  }
  // Words from a few hundred are nearly all single tokens after 1000 entries. The sentence's end mark and
  // the odd comma or number add about 0.2 tokens per word on their own; 1.24 on this (seeded) text.
  EXPECT_LT(static_cast<double>(dictation_tokens) / static_cast<double>(dictation_words), 1.3);
  // Special tokens in text are recognised; ChatML around a command.
  const Ids ids = tokenizer.encode("<|im_start|>user\ncall mom<|im_end|>");
  EXPECT_EQ(ids.front(), static_cast<int32_t>(demo.vocab_size + 1));
  EXPECT_EQ(ids.back(), static_cast<int32_t>(demo.vocab_size + 2));
}

TEST(BpeTrainerConformance, HuggingFaceEncodesHeldOutTextToTheSameIds) {
  STEERSCOPE_REQUIRE_TEST_TOOLS();
  const auto& demo = DemoTokenizer::get();
  const BpeTokenizer tokenizer(demo.dir);
  const std::string file = demo.dir + "/tokenizer.json";
  const std::vector<std::string> texts = held_out_texts();
  const std::vector<std::string> lines = json_lines(texts);
  const auto expected = test::run_oracle(file, lines, "", "bpe-trainer-encode");
  std::vector<std::string> id_lines;
  size_t mismatches = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string ours = nlohmann::json(tokenizer.encode(texts[i])).dump();
    id_lines.push_back(ours);
    if (ours != expected[i] && ++mismatches <= 10)
      ADD_FAILURE() << "line " << i + 1 << ": " << lines[i] << "\n  ours: " << ours
                    << "\n  HF:   " << expected[i];
  }
  EXPECT_EQ(mismatches, 0u) << mismatches << " of " << texts.size() << " lines differ";
  // And back: HF decodes our ids to our text.
  const auto decoded = test::run_oracle(file, id_lines, "--decode", "bpe-trainer-decode");
  for (size_t i = 0; i < texts.size(); ++i)
    EXPECT_EQ(nlohmann::json::parse(decoded[i]).get<std::string>(),
              tokenizer.decode(nlohmann::json::parse(id_lines[i]).get<Ids>()))
        << lines[i];
}

TEST(BpeTrainerConformance, HuggingFaceTrainerLearnsTheSameMerges) {
  STEERSCOPE_REQUIRE_TEST_TOOLS();
  // The library's own trainer (its defaults: min_frequency 0, i.e. 1 in effect, and a vocabulary cap far
  // above what this corpus can fill) on the same text through the same pipeline must learn the same
  // merges in the same order, down to the last one. The text: demo lines plus the multilingual tokenizer
  // corpus (scripts, emoji, code, whitespace runs), without the lines holding added tokens, which the
  // library would count as text. It reads a file as one sequence per line, line break included; our
  // trainer is given the same pieces.
  std::string text;
  for (const std::string& line : DemoCorpus(21).lines(3000)) text += line + "\n";
  for (const std::string& line : test::read_lines(test::data_path("tokenizer/corpus.jsonl"))) {
    const std::string s = nlohmann::json::parse(line).get<std::string>();
    if (s.find("<|") == std::string::npos) text += s + "\n";
  }
  BpeTrainerOptions options;
  options.vocab_size = 100000;
  options.min_frequency = 1;
  BpeTrainer trainer(options);
  for (size_t begin = 0, end; begin < text.size(); begin = end) {
    end = text.find('\n', begin);
    end = end == std::string::npos ? text.size() : end + 1;
    trainer.add_text(std::string_view(text).substr(begin, end - begin));
  }
  trainer.train();
  const std::vector<std::string> ours = merge_strings(trainer);
  ASSERT_GT(ours.size(), 2000u);
  ASSERT_LT(trainer.vocab_size(), options.vocab_size);  // it ran until no pair was left

  const auto dir = test::scratch_dir("bpe-trainer-hf-train");
  trainer.save(dir.string());
  {
    std::ofstream out(dir / "corpus.txt", std::ios::binary);
    out << text;
  }
  const test::ProcessResult r =
      test::run_shell("node '" + test::tools_dir() + "/tokenizer_oracle.js' --tokenizer '" +
                      (dir / "tokenizer.json").string() + "' --train '" + (dir / "corpus.txt").string() +
                      "' --save '" + (dir / "hf.json").string() + "' > /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json hf = nlohmann::json::parse(test::read_text_file((dir / "hf.json").string()));
  std::filesystem::remove_all(dir);
  std::vector<std::string> theirs;
  for (const auto& m : hf["model"]["merges"])
    theirs.push_back(m.is_string() ? m.get<std::string>()
                                   : m[0].get<std::string>() + " " + m[1].get<std::string>());
  for (size_t i = 0; i < std::min(ours.size(), theirs.size()); ++i)
    ASSERT_EQ(ours[i], theirs[i]) << "merge " << i << " differs; ours had count "
                                  << trainer.merges()[i].count;
  EXPECT_EQ(ours.size(), theirs.size());
}

TEST(BpeTrainerConformance, ChatTemplateRendersChatMl) {
  STEERSCOPE_REQUIRE_TEST_TOOLS();
  const auto& demo = DemoTokenizer::get();
  const std::vector<std::vector<ChatMessage>> conversations = {
      {{"user", "set a timer for 10 minutes"}},
      {{"system", "Answer with a function call."}, {"user", "call mom"}},
      {{"user", "what's the weather in Oslo"},
       {"assistant", "get_weather(city=\"Oslo\")"},
       {"user", "and in 'Paris'?\nThanks \\o/"}},
  };
  std::vector<std::string> lines, expected;
  const ChatTemplate chatml(std::string("You are a voice assistant."));
  for (const auto& conversation : conversations) {
    for (bool generation_prompt : {false, true}) {
      nlohmann::json messages = nlohmann::json::array();
      for (const auto& m : conversation) messages.push_back({{"role", m.role}, {"content", m.content}});
      lines.push_back(
          nlohmann::json{{"messages", messages}, {"add_generation_prompt", generation_prompt}}.dump());
      expected.push_back(chatml.render(conversation, generation_prompt));
    }
  }
  const auto rendered = test::run_oracle(demo.dir + "/tokenizer.json", lines, "--chat", "bpe-trainer-chat");
  for (size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(nlohmann::json::parse(rendered[i]).get<std::string>(), expected[i]) << lines[i];
}
