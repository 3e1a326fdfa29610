// The corpus's text side: number spelling, the transcript convention, function calls, the reproducible
// random source and the two generators (vocabulary, variety, every command text against its call).

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/corpus/command_generator.h"
#include "core/corpus/corpus_random.h"
#include "core/corpus/dictation_generator.h"
#include "core/corpus/function_call.h"
#include "core/corpus/spoken_number.h"
#include "core/corpus/transcript_text.h"
#include "core/util/error.h"

using namespace steerscope;

namespace {

bool contains_words(const std::string& text, const std::string& words) {
  return (" " + text + " ").find(" " + words + " ") != std::string::npos;
}

}  // namespace

TEST(SpokenNumber, SpellsWithoutHyphensOrAnd) {
  EXPECT_EQ(spell_number(0), "zero");
  EXPECT_EQ(spell_number(7), "seven");
  EXPECT_EQ(spell_number(13), "thirteen");
  EXPECT_EQ(spell_number(20), "twenty");
  EXPECT_EQ(spell_number(21), "twenty one");
  EXPECT_EQ(spell_number(99), "ninety nine");
  EXPECT_EQ(spell_number(100), "one hundred");
  EXPECT_EQ(spell_number(105), "one hundred five");
  EXPECT_EQ(spell_number(999), "nine hundred ninety nine");
  EXPECT_THROW(spell_number(-1), Error);
  EXPECT_THROW(spell_number(1000), Error);
  for (int n = 0; n <= 999; ++n) EXPECT_TRUE(is_normalised_transcript(spell_number(n))) << n;
}

TEST(TranscriptText, NormalisedMeansLowerCaseWordsAndSingleSpaces) {
  EXPECT_TRUE(is_normalised_transcript("set a timer for ten minutes"));
  EXPECT_TRUE(is_normalised_transcript("a"));
  EXPECT_FALSE(is_normalised_transcript(""));
  EXPECT_FALSE(is_normalised_transcript("Set a timer"));
  EXPECT_FALSE(is_normalised_transcript("set a timer."));
  EXPECT_FALSE(is_normalised_transcript("set  a timer"));
  EXPECT_FALSE(is_normalised_transcript(" set a timer"));
  EXPECT_FALSE(is_normalised_transcript("set a timer "));
  EXPECT_FALSE(is_normalised_transcript("set 10 timers"));
  EXPECT_FALSE(is_normalised_transcript("don't"));
  EXPECT_EQ(collapse_spaces("  what is  the weather   "), "what is the weather");
  EXPECT_EQ(transcript_words("on the bridge"), (std::vector<std::string>{"on", "the", "bridge"}));
}

TEST(FunctionCall, FormatsCanonicallyAndParsesBack) {
  FunctionCall call{"weather", {{"city", "paris", true}, {"day", "tomorrow", true}}};
  EXPECT_EQ(call.to_string(), "weather(city=\"paris\", day=\"tomorrow\")");
  EXPECT_EQ(FunctionCall::parse(call.to_string()), call);
  EXPECT_EQ((FunctionCall{"cancel", {}}.to_string()), "cancel()");

  const FunctionCall timer = FunctionCall::parse("set_timer(minutes=10)");
  EXPECT_EQ(timer.name, "set_timer");
  ASSERT_EQ(timer.arguments.size(), 1u);
  EXPECT_EQ(timer.arguments[0], (FunctionArgument{"minutes", "10", false}));
  ASSERT_NE(timer.find("minutes"), nullptr);
  EXPECT_EQ(timer.find("seconds"), nullptr);

  // Spaces around punctuation are accepted (model output); the canonical form has none but ", ".
  const FunctionCall loose = FunctionCall::parse(" set_brightness ( room = \"living room\" ,level=40 ) ");
  EXPECT_EQ(loose.to_string(), "set_brightness(room=\"living room\", level=40)");
  EXPECT_EQ(FunctionCall::parse("f(x=-3)").arguments[0].value, "-3");
}

TEST(FunctionCall, RejectsWhatIsNotACall) {
  for (const char* bad : {"", "set_timer", "set_timer(", "set_timer(minutes)", "set_timer(minutes=)",
                          "set_timer(minutes=ten)", "set_timer(minutes=010)", "Set_timer(minutes=1)",
                          "f(a=\"x)", "f(a=\"x\\\"y\")", "f(a=1) extra", "f(a=1, a=2)", "f(a=1,)", "1f()"}) {
    EXPECT_THROW(FunctionCall::parse(bad), Error) << bad;
  }
  try {
    FunctionCall::parse("set_timer(minutes=ten)");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("set_timer(minutes=ten)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("column 19"), std::string::npos) << e.what();
  }
}

TEST(CorpusRandom, SequencesArePinnedAcrossPlatforms) {
  // mt19937_64's output is fixed by the standard and the distributions are our own, so these values hold
  // with every standard library; a change here changes every corpus.
  CorpusRandom a(1);
  std::vector<uint64_t> draws;
  for (int i = 0; i < 8; ++i) draws.push_back(a.below(1000));
  EXPECT_EQ(draws, (std::vector<uint64_t>{174, 180, 817, 959, 579, 986, 858, 755}));
  CorpusRandom b(1);
  EXPECT_EQ(b.next(), 15979171013615631174ull);
  EXPECT_EQ(seeded_text_hash(1, "set a timer for ten minutes"), 1406674907754206120ull);
}

TEST(CorpusRandom, StreamsAndSeedsDiffer) {
  CorpusRandom a(7, 0), b(7, 1), c(8, 0), a2(7, 0);
  const uint64_t x = a.next();
  EXPECT_NE(x, b.next());
  EXPECT_NE(x, c.next());
  EXPECT_EQ(x, a2.next());
}

TEST(CorpusRandom, DistributionsStayInRangeAndCoverIt) {
  CorpusRandom r(3);
  std::map<int64_t, int> seen;
  for (int i = 0; i < 7000; ++i) {
    const int64_t v = r.uniform_int(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    ++seen[v];
  }
  EXPECT_EQ(seen.size(), 7u);
  for (const auto& [v, n] : seen) EXPECT_NEAR(n, 1000, 150) << v;
  for (int i = 0; i < 1000; ++i) {
    const double u = r.uniform_real();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 6000; ++i) ++counts[r.weighted_index({1.0, 0.0, 2.0})];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0], 2000, 200);
  std::vector<int> items = {1, 2, 3, 4, 5, 6, 7, 8};
  r.shuffle(items);
  std::multiset<int> sorted(items.begin(), items.end());
  EXPECT_EQ(sorted, (std::multiset<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_THROW(r.below(0), Error);
  EXPECT_THROW(r.weighted_index({0.0, 0.0}), Error);
}

TEST(DictationGenerator, SentencesAreNormalisedVariedAndWithinTheVocabulary) {
  const DictationGenerator generator;
  const std::vector<std::string> vocabulary = generator.vocabulary();
  const std::set<std::string> known(vocabulary.begin(), vocabulary.end());
  EXPECT_GE(vocabulary.size(), 250u);
  EXPECT_LE(vocabulary.size(), 600u);
  CorpusRandom random(11);
  std::set<std::string> distinct, used_words;
  size_t total_words = 0;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    const std::string s = generator.generate(random);
    ASSERT_TRUE(is_normalised_transcript(s)) << "'" << s << "'";
    const auto words = transcript_words(s);
    EXPECT_GE(words.size(), 2u) << s;
    EXPECT_LE(words.size(), 16u) << s;
    total_words += words.size();
    for (const auto& w : words) {
      EXPECT_TRUE(known.count(w)) << "'" << w << "' of '" << s << "' is not in vocabulary()";
      used_words.insert(w);
    }
    distinct.insert(s);
  }
  EXPECT_GT(distinct.size(), static_cast<size_t>(n * 0.97)) << "sentences repeat too often";
  const double mean_words = static_cast<double>(total_words) / n;
  EXPECT_GT(mean_words, 4.0);
  EXPECT_LT(mean_words, 10.0);
  // Nearly the whole vocabulary is reachable (rare words may not come up in 2000 sentences).
  EXPECT_GT(used_words.size(), vocabulary.size() * 9 / 10);
}

TEST(DictationGenerator, ChoosesAnBeforeVowels) {
  const DictationGenerator generator;
  CorpusRandom random(5);
  for (int i = 0; i < 3000; ++i) {
    const auto words = transcript_words(generator.generate(random));
    for (size_t k = 0; k + 1 < words.size(); ++k) {
      const bool vowel = std::string("aeiou").find(words[k + 1][0]) != std::string::npos;
      if (words[k] == "a") {
        EXPECT_FALSE(vowel) << "a " << words[k + 1];
      }
      if (words[k] == "an") {
        EXPECT_TRUE(vowel) << "an " << words[k + 1];
      }
    }
  }
}

TEST(CommandGenerator, CoversTheRequiredFunctions) {
  const CommandGenerator generator;
  const auto names = generator.function_names();
  const std::set<std::string> set(names.begin(), names.end());
  for (const char* f : {"set_timer", "set_alarm", "lights_on", "lights_off", "weather", "send_message"})
    EXPECT_TRUE(set.count(f)) << f;
}

// Every command text the generator can produce: normalised, its call parses back to itself, and each
// argument's value can be read off the text.
TEST(CommandGenerator, EveryTextCarriesItsCallsArguments) {
  const CommandGenerator generator;
  const std::vector<SpokenCommand> all = generator.enumerate();
  EXPECT_GT(all.size(), 2000u);
  EXPECT_LT(all.size(), 10000u);
  std::set<std::string> texts;
  std::map<std::string, std::set<std::string>> phrasings_per_function;
  for (const auto& c : all) {
    ASSERT_TRUE(is_normalised_transcript(c.text)) << c.text;
    EXPECT_TRUE(texts.insert(c.text).second) << "duplicate text " << c.text;
    const std::string call = c.call.to_string();
    EXPECT_EQ(FunctionCall::parse(call), c.call) << call;
    for (const auto& a : c.call.arguments) {
      if (!a.is_string) {
        // Integers are spelled out in the text ("half an hour" and "an hour" are the spoken exceptions).
        const int value = std::stoi(a.value);
        const bool spelled = contains_words(c.text, spell_number(value));
        const bool idiom = (a.key == "minutes" && value == 30 && contains_words(c.text, "half an hour")) ||
                           (a.key == "hours" && value == 1 && contains_words(c.text, "an hour"));
        EXPECT_TRUE(spelled || idiom) << c.text << " => " << call;
      } else if (a.key == "time") {
        // "H:MM" on a 24-hour clock; the text names the hour (or the next one for "quarter to").
        const size_t colon = a.value.find(':');
        ASSERT_NE(colon, std::string::npos) << call;
        const int hour = std::stoi(a.value.substr(0, colon)), minute = std::stoi(a.value.substr(colon + 1));
        ASSERT_EQ(a.value.substr(colon + 1).size(), 2u) << call;
        ASSERT_TRUE(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59) << call;
        const int h12 = hour % 12 == 0 ? 12 : hour % 12;
        const bool named =
            (hour == 0 && minute == 0 && contains_words(c.text, "midnight")) ||
            (hour == 12 && minute == 0 && contains_words(c.text, "noon")) ||
            contains_words(c.text, spell_number(h12)) ||
            (minute == 45 && contains_words(c.text, "quarter to " + spell_number(h12 % 12 + 1)));
        EXPECT_TRUE(named) << c.text << " => " << call;
        if (hour >= 13) {
          EXPECT_TRUE(contains_words(c.text, "in the evening")) << c.text << " => " << call;
        }
      } else if (a.key == "day") {
        EXPECT_TRUE(contains_words(c.text, a.value) ||
                    (a.value == "weekend" && contains_words(c.text, "this weekend")) ||
                    (a.value == "today" && c.text.find("tomorrow") == std::string::npos))
            << c.text << " => " << call;
      } else {
        EXPECT_TRUE(contains_words(c.text, a.value)) << c.text << " => " << call;
      }
    }
    phrasings_per_function[c.call.name].insert(c.text);
  }
  // Several phrasings per function, so the mapping is not a lookup of one sentence shape.
  for (const auto& [name, set] : phrasings_per_function) EXPECT_GE(set.size(), 30u) << name;
}

TEST(CommandGenerator, GenerateDrawsFromTheEnumeratedSpaceWithItsCall) {
  const CommandGenerator generator;
  std::map<std::string, std::string> call_of;
  for (const auto& c : generator.enumerate()) call_of[c.text] = c.call.to_string();
  CorpusRandom random(2);
  std::set<std::string> functions;
  for (int i = 0; i < 3000; ++i) {
    const SpokenCommand c = generator.generate(random);
    auto it = call_of.find(c.text);
    ASSERT_NE(it, call_of.end()) << c.text;
    EXPECT_EQ(it->second, c.call.to_string());
    functions.insert(c.call.name);
  }
  EXPECT_EQ(functions.size(), generator.function_names().size());
}

TEST(CommandGenerator, KnownExamples) {
  const CommandGenerator generator;
  std::map<std::string, std::string> call_of;
  for (const auto& c : generator.enumerate()) call_of[c.text] = c.call.to_string();
  EXPECT_EQ(call_of["set a timer for ten minutes"], "set_timer(minutes=10)");
  EXPECT_EQ(call_of["remind me in half an hour"], "set_timer(minutes=30)");
  EXPECT_EQ(call_of["turn off the kitchen lights"], "lights_off(room=\"kitchen\")");
  EXPECT_EQ(call_of["what is the weather in paris tomorrow"], "weather(city=\"paris\", day=\"tomorrow\")");
  EXPECT_EQ(call_of["what is the weather in paris"], "weather(city=\"paris\", day=\"today\")");
  EXPECT_EQ(call_of["wake me up at half past seven"], "set_alarm(time=\"7:30\")");
  EXPECT_EQ(call_of["set an alarm for quarter to one"], "set_alarm(time=\"12:45\")");
  EXPECT_EQ(call_of["set an alarm for six in the evening"], "set_alarm(time=\"18:00\")");
  EXPECT_EQ(call_of["send a message to anna saying i will be late"],
            "send_message(to=\"anna\", text=\"i will be late\")");
  EXPECT_EQ(call_of["dim the living room lights to forty percent"],
            "set_brightness(room=\"living room\", level=40)");
}

TEST(CorpusVocabulary, CommandAndDictationVocabulariesTogetherStayModest) {
  std::set<std::string> all;
  for (const auto& w : DictationGenerator().vocabulary()) all.insert(w);
  for (const auto& w : CommandGenerator().vocabulary()) all.insert(w);
  EXPECT_GE(all.size(), 300u);
  EXPECT_LE(all.size(), 800u);
  for (const auto& w : all) EXPECT_TRUE(is_normalised_transcript(w) && w.find(' ') == std::string::npos) << w;
}
