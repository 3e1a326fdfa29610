#include "core/text/bpe_trainer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_set>
#include <utility>

#include "core/text/byte_level_alphabet.h"
#include "core/text/utf8.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope {

namespace {

const std::string kWho = "BpeTrainer";

uint64_t pair_key(int32_t left, int32_t right) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

// The ByteLevel step, as Qwen writes it (pre_tokenizer, post_processor and decoder alike).
nlohmann::ordered_json byte_level_step() {
  return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
}

nlohmann::ordered_json pre_tokenizer_json() {
  nlohmann::ordered_json split = {{"type", "Split"},
                                  {"pattern", {{"Regex", PreTokenizer::kQwen2Pattern}}},
                                  {"behavior", "Isolated"},
                                  {"invert", false}};
  return {{"type", "Sequence"}, {"pretokenizers", nlohmann::ordered_json::array({split, byte_level_step()})}};
}

// Byte b's symbol id: the rank of its byte-level character's code point among the 256 (UTF-8 order is
// code point order), which is the id GPT-2 and Qwen vocabularies give it and the order HF's trainer sorts
// its alphabet in.
std::array<int32_t, 256> byte_symbol_ids() {
  const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::instance();
  std::array<int, 256> bytes;
  for (int b = 0; b < 256; ++b) bytes[b] = b;
  std::sort(bytes.begin(), bytes.end(), [&](int x, int y) {
    return alphabet.char_of(static_cast<uint8_t>(x)) < alphabet.char_of(static_cast<uint8_t>(y));
  });
  std::array<int32_t, 256> ids;
  for (int32_t id = 0; id < 256; ++id) ids[bytes[id]] = id;
  return ids;
}

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

// A Jinja string literal for s (single-quoted, with the escapes Jinja and its JS port both read).
std::string jinja_string(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "'";
}

// ChatML as ChatTemplate renders it: an optional default system turn when the conversation does not
// start with a system message, one <|im_start|>{role}\n{content}<|im_end|>\n block per message, and
// <|im_start|>assistant\n with add_generation_prompt. Kept to the Jinja subset every implementation has.
std::string chatml_template(const std::optional<std::string>& default_system_prompt) {
  std::string t = "{% for message in messages %}";
  if (default_system_prompt)
    t += "{% if loop.first and message['role'] != 'system' %}{{ " +
         jinja_string("<|im_start|>system\n" + *default_system_prompt + "<|im_end|>\n") + " }}{% endif %}";
  t += "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}";
  t += "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
  return t;
}

// The distinct training words as byte-symbol sequences, and the pair statistics over them, kept up to
// date through merges (see the header comment: incremental counts and a lazily corrected max-heap).
class PairCounts {
 public:
  struct Word {
    std::vector<int32_t> symbols;
    uint64_t frequency = 0;
  };
  struct Best {
    int64_t count = 0;
    int32_t left = 0, right = 0;
  };

  explicit PairCounts(std::vector<Word> words) : words_(std::move(words)), visited_(words_.size(), 0) {
    for (uint32_t w = 0; w < words_.size(); ++w) {
      const auto& s = words_[w].symbols;
      for (size_t i = 0; i + 1 < s.size(); ++i)
        add(s[i], s[i + 1], static_cast<int64_t>(words_[w].frequency), w);
    }
    increased_.clear();
  }

  int64_t count(int32_t left, int32_t right) const {
    const auto it = pairs_.find(pair_key(left, right));
    return it == pairs_.end() ? 0 : it->second.count;
  }

  // Starts the heap over from the current counts (after the forced merges, which do not use it).
  void rebuild_heap() {
    std::vector<Best> entries;
    entries.reserve(pairs_.size());
    for (const auto& [key, stats] : pairs_)
      if (stats.count > 0)
        entries.push_back(
            {stats.count, static_cast<int32_t>(key >> 32), static_cast<int32_t>(key & 0xFFFFFFFF)});
    heap_ = Heap(HigherFirst(), std::move(entries));
    increased_.clear();
  }

  // The pair to merge next (highest count, then smallest left id, then smallest right id), or nullopt
  // when no pair is left.
  std::optional<Best> best() {
    while (!heap_.empty()) {
      const Best top = heap_.top();
      const int64_t current = count(top.left, top.right);
      if (current == top.count) return top;
      heap_.pop();
      if (current > 0) heap_.push({current, top.left, top.right});
    }
    return std::nullopt;
  }

  // Replaces every occurrence of (left, right), left to right, by merged, updating the counts of the
  // neighbouring pairs, and puts the pairs that gained occurrences on the heap.
  void merge(int32_t left, int32_t right, int32_t merged) {
    const uint64_t key = pair_key(left, right);
    auto it = pairs_.find(key);
    if (it == pairs_.end()) return;
    const std::vector<uint32_t> where = std::move(it->second.words);
    ++visit_stamp_;
    for (uint32_t w : where) {
      if (visited_[w] == visit_stamp_) continue;  // listed more than once
      visited_[w] = visit_stamp_;
      auto& s = words_[w].symbols;
      const auto f = static_cast<int64_t>(words_[w].frequency);
      size_t out = 0;
      for (size_t r = 0; r < s.size();) {
        if (r + 1 < s.size() && s[r] == left && s[r + 1] == right) {
          // s[out - 1] is the symbol now left of the pair (possibly merged just before); s[r + 2] the one
          // right of it, not yet looked at.
          if (out > 0) {
            add(s[out - 1], left, -f, w);
            add(s[out - 1], merged, f, w);
          }
          if (r + 2 < s.size()) {
            add(right, s[r + 2], -f, w);
            add(merged, s[r + 2], f, w);
          }
          s[out++] = merged;
          r += 2;
        } else {
          s[out++] = s[r++];
        }
      }
      s.resize(out);
    }
    // Every occurrence is gone; its count only ever came down through neighbours above, so drop it here.
    pairs_.erase(key);
    std::sort(increased_.begin(), increased_.end());
    increased_.erase(std::unique(increased_.begin(), increased_.end()), increased_.end());
    for (uint64_t k : increased_) {
      const auto p = pairs_.find(k);
      if (p != pairs_.end() && p->second.count > 0)
        heap_.push({p->second.count, static_cast<int32_t>(k >> 32), static_cast<int32_t>(k & 0xFFFFFFFF)});
    }
    increased_.clear();
  }

 private:
  struct Stats {
    int64_t count = 0;
    std::vector<uint32_t> words;  // words that held the pair at some point (may repeat or be stale)
  };
  struct HigherFirst {  // std::priority_queue pops the "largest": the best pair
    bool operator()(const Best& a, const Best& b) const {
      if (a.count != b.count) return a.count < b.count;
      if (a.left != b.left) return a.left > b.left;
      return a.right > b.right;
    }
  };
  using Heap = std::priority_queue<Best, std::vector<Best>, HigherFirst>;

  void add(int32_t left, int32_t right, int64_t delta, uint32_t word) {
    const uint64_t key = pair_key(left, right);
    if (delta > 0) {
      Stats& stats = pairs_[key];
      stats.count += delta;
      stats.words.push_back(word);
      increased_.push_back(key);
      return;
    }
    const auto it = pairs_.find(key);
    assert(it != pairs_.end() && it->second.count >= -delta);
    if (it == pairs_.end()) return;
    it->second.count += delta;
    if (it->second.count == 0) pairs_.erase(it);
  }

  std::vector<Word> words_;
  std::unordered_map<uint64_t, Stats> pairs_;
  std::vector<uint64_t> increased_;  // pairs that gained occurrences in the current merge
  Heap heap_;
  std::vector<uint32_t> visited_;  // per word: the visit_stamp_ of the last merge that processed it
  uint32_t visit_stamp_ = 0;
};

}  // namespace

BpeTrainer::BpeTrainer(BpeTrainerOptions options)
    : options_(std::move(options)),
      normalizer_(std::vector<UnicodeNormalizer::Form>{UnicodeNormalizer::Form::kNFC}),
      pre_tokenizer_(PreTokenizer::from_json(nlohmann::json::parse(pre_tokenizer_json().dump()), kWho)) {
  if (options_.vocab_size < 256)
    throw Error(kWho + ": vocab_size " + std::to_string(options_.vocab_size) +
                " is below 256, the number of byte symbols every byte-level vocabulary starts with");

  std::vector<AddedToken> added = added_tokens();  // ids are placeholders here; only content is matched
  std::vector<std::string> patterns;
  std::unordered_set<std::string> seen;
  for (const AddedToken& t : added) {
    const std::string what =
        kWho + ": " + (t.special ? "special token " : "added token ") + quoted(t.content);
    if (t.content.empty()) throw Error(kWho + ": an added or special token is empty");
    if (!utf8::is_valid(t.content)) throw Error(what + " is not valid UTF-8");
    if (!seen.insert(t.content).second) throw Error(what + " is listed twice");
    patterns.push_back(t.content);
  }
  added_matcher_ = AddedTokenMatcher(added, patterns);
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"eos_token", &options_.eos_token},
        {"pad_token", &options_.pad_token}}) {
    if (!value->empty() && !seen.count(*value))
      throw Error(kWho + ": " + key + " " + quoted(*value) + " is not one of the special or added tokens");
  }

  for (const std::string& given : options_.forced_tokens) {
    const std::string what = kWho + ": forced token " + quoted(given);
    if (given.empty()) throw Error(kWho + ": a forced token is empty");
    if (!utf8::is_valid(given)) throw Error(what + " is not valid UTF-8");
    const std::string token = normalizer_.apply(given);
    std::vector<AddedTokenMatcher::Piece> pieces;
    added_matcher_.split(token, pieces);
    if (pieces.size() != 1 || pieces[0].id >= 0)
      throw Error(what + " contains an added token, which encode cuts out before BPE");
    std::vector<std::string_view> words;
    std::deque<std::string> storage;
    pre_tokenizer_.split(token, words, storage);
    if (words.size() != 1) {
      std::string cut;
      for (std::string_view w : words) cut += (cut.empty() ? "" : " + ") + quoted(std::string(w));
      throw Error(what + " is cut by the pre-tokenizer into " + cut + ", so it can never be a single token");
    }
    forced_tokens_.push_back(token);
  }
}

void BpeTrainer::add_text(std::string_view text) {
  std::string repaired;
  if (!utf8::is_valid(text)) {
    repaired = utf8::decode_lossy(text);
    text = repaired;
  }
  pieces_.clear();
  added_matcher_.split(text, pieces_);
  for (const auto& piece : pieces_) {
    if (piece.id >= 0) continue;
    const std::string normalized = normalizer_.apply(text.substr(piece.begin, piece.end - piece.begin));
    words_.clear();
    word_storage_.clear();
    pre_tokenizer_.split(normalized, words_, word_storage_);
    for (std::string_view w : words_) ++word_frequencies_[std::string(w)];
    word_count_ += words_.size();
  }
}

int32_t BpeTrainer::token_id_for(std::string raw) {
  const auto it = token_ids_.find(raw);
  if (it != token_ids_.end()) return it->second;
  const auto id = static_cast<int32_t>(tokens_.size());
  token_ids_.emplace(raw, id);
  tokens_.push_back(std::move(raw));
  return id;
}

std::vector<int32_t> BpeTrainer::encode_with_merges(std::string_view raw) const {
  static const std::array<int32_t, 256> byte_ids = byte_symbol_ids();
  std::vector<int32_t> symbols;
  for (char c : raw) symbols.push_back(byte_ids[static_cast<uint8_t>(c)]);
  // Forced tokens are short and few: the quadratic "merge the lowest-ranked pair" loop is plenty.
  for (;;) {
    size_t best_rank = merges_.size(), best_pos = 0;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const auto it = merge_ranks_.find(pair_key(symbols[i], symbols[i + 1]));
      if (it != merge_ranks_.end() && it->second < best_rank) {
        best_rank = it->second;
        best_pos = i;
      }
    }
    if (best_rank == merges_.size()) return symbols;
    symbols[best_pos] = merges_[best_rank].merged;
    symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(best_pos) + 1);
  }
}

void BpeTrainer::train() {
  static const std::array<int32_t, 256> byte_ids = byte_symbol_ids();
  trained_ = false;
  tokens_.assign(256, std::string());
  token_ids_.clear();
  for (int b = 0; b < 256; ++b) tokens_[byte_ids[b]] = std::string(1, static_cast<char>(b));
  for (int32_t id = 0; id < 256; ++id) token_ids_.emplace(tokens_[id], id);
  merges_.clear();
  merge_ranks_.clear();

  // Sorted, so that the word order (and with it every container's content) does not depend on the hash
  // table; the result would be the same either way, since the pair order is total.
  std::vector<std::pair<std::string_view, uint64_t>> sorted(word_frequencies_.begin(),
                                                            word_frequencies_.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<PairCounts::Word> words;
  words.reserve(sorted.size());
  for (const auto& [word, frequency] : sorted) {
    PairCounts::Word w;
    w.frequency = frequency;
    w.symbols.reserve(word.size());
    for (char c : word) w.symbols.push_back(byte_ids[static_cast<uint8_t>(c)]);
    words.push_back(std::move(w));
  }
  PairCounts counts(std::move(words));

  const auto record_merge = [&](int32_t left, int32_t right, int32_t merged, int64_t count, bool forced) {
    // A pair merged before can only come back when one of its symbols was re-created through another
    // path; the first rank already covers it, so it is applied to the words but not listed twice.
    if (merge_ranks_.emplace(pair_key(left, right), merges_.size()).second)
      merges_.push_back({left, right, merged, static_cast<uint64_t>(count), forced});
    counts.merge(left, right, merged);
  };

  for (const std::string& token : forced_tokens_) {
    for (std::vector<int32_t> pieces = encode_with_merges(token); pieces.size() > 1;
         pieces = encode_with_merges(token)) {
      const int32_t merged = token_id_for(tokens_[pieces[0]] + tokens_[pieces[1]]);
      record_merge(pieces[0], pieces[1], merged, counts.count(pieces[0], pieces[1]), true);
    }
  }
  if (tokens_.size() > options_.vocab_size)
    throw Error(kWho + ": vocab_size " + std::to_string(options_.vocab_size) + " is too small: the " +
                std::to_string(forced_tokens_.size()) + " forced tokens alone make the vocabulary " +
                std::to_string(tokens_.size()) + " entries");

  counts.rebuild_heap();
  const int64_t min_count = static_cast<int64_t>(std::max<uint64_t>(options_.min_frequency, 1));
  while (tokens_.size() < options_.vocab_size) {
    const auto best = counts.best();
    if (!best || best->count < min_count) break;
    const int32_t merged = token_id_for(tokens_[best->left] + tokens_[best->right]);
    record_merge(best->left, best->right, merged, best->count, false);
  }
  trained_ = true;
}

void BpeTrainer::require_trained(const char* what) const {
  if (!trained_) throw Error(kWho + ": " + what + " needs train() first");
}

size_t BpeTrainer::vocab_size() const {
  require_trained("vocab_size()");
  return tokens_.size();
}

std::vector<std::string> BpeTrainer::vocabulary() const {
  require_trained("vocabulary()");
  std::vector<std::string> out;
  out.reserve(tokens_.size());
  for (const std::string& raw : tokens_) out.push_back(ByteLevelAlphabet::instance().encode(raw));
  return out;
}

const std::string& BpeTrainer::token_bytes(int32_t id) const {
  require_trained("token_bytes()");
  if (id < 0 || static_cast<size_t>(id) >= tokens_.size())
    throw Error(kWho + ": token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                std::to_string(tokens_.size() - 1) + ")");
  return tokens_[id];
}

const std::vector<BpeTrainer::Merge>& BpeTrainer::merges() const {
  require_trained("merges()");
  return merges_;
}

std::vector<AddedToken> BpeTrainer::added_tokens() const {
  // Before train() (the constructor's validation) the ids start at 0; they are not used there.
  auto id = static_cast<int32_t>(trained_ ? tokens_.size() : 0);
  std::vector<AddedToken> out;
  const auto append = [&](const std::vector<std::string>& contents, bool special) {
    for (const std::string& content : contents) {
      AddedToken t;
      t.id = id++;
      t.content = content;
      t.special = special;
      out.push_back(std::move(t));  // normalized, single_word, lstrip, rstrip: false, as Qwen's
    }
  };
  append(options_.special_tokens, true);
  append(options_.added_tokens, false);
  return out;
}

std::string BpeTrainer::tokenizer_json() const {
  require_trained("tokenizer_json()");
  const ByteLevelAlphabet& alphabet = ByteLevelAlphabet::instance();
  using Json = nlohmann::ordered_json;

  Json added = Json::array();
  for (const AddedToken& t : added_tokens())
    added.push_back({{"id", t.id},
                     {"content", t.content},
                     {"single_word", t.single_word},
                     {"lstrip", t.lstrip},
                     {"rstrip", t.rstrip},
                     {"normalized", t.normalized},
                     {"special", t.special}});
  Json vocab = Json::object();
  for (size_t id = 0; id < tokens_.size(); ++id) vocab[alphabet.encode(tokens_[id])] = id;
  Json merges = Json::array();
  for (const Merge& m : merges_)
    merges.push_back(alphabet.encode(tokens_[m.left]) + " " + alphabet.encode(tokens_[m.right]));

  Json root = {{"version", "1.0"},
               {"truncation", nullptr},
               {"padding", nullptr},
               {"added_tokens", std::move(added)},
               {"normalizer", {{"type", "NFC"}}},
               {"pre_tokenizer", pre_tokenizer_json()},
               {"post_processor", byte_level_step()},
               {"decoder", byte_level_step()},
               {"model",
                {{"type", "BPE"},
                 {"dropout", nullptr},
                 {"unk_token", nullptr},
                 {"continuing_subword_prefix", ""},
                 {"end_of_word_suffix", ""},
                 {"fuse_unk", false},
                 {"byte_fallback", false},
                 {"ignore_merges", false},
                 {"vocab", std::move(vocab)},
                 {"merges", std::move(merges)}}}};
  return root.dump(2) + "\n";
}

std::string BpeTrainer::tokenizer_config_json() const {
  require_trained("tokenizer_config_json()");
  using Json = nlohmann::ordered_json;
  const std::vector<AddedToken> added = added_tokens();
  Json decoder = Json::object();
  Json additional = Json::array();
  for (const AddedToken& t : added) {
    decoder[std::to_string(t.id)] = {{"content", t.content},         {"lstrip", t.lstrip},
                                     {"normalized", t.normalized},   {"rstrip", t.rstrip},
                                     {"single_word", t.single_word}, {"special", t.special}};
    if (t.special && t.content != options_.eos_token && t.content != options_.pad_token)
      additional.push_back(t.content);
  }
  const auto token_or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  Json config = {{"add_bos_token", false},
                 {"add_prefix_space", false},
                 {"added_tokens_decoder", std::move(decoder)},
                 {"additional_special_tokens", std::move(additional)},
                 {"bos_token", nullptr},
                 {"chat_template", chatml_template(options_.default_system_prompt)},
                 {"clean_up_tokenization_spaces", false},
                 {"eos_token", token_or_null(options_.eos_token)},
                 {"errors", "replace"}};
  if (options_.model_max_length) config["model_max_length"] = *options_.model_max_length;
  config["pad_token"] = token_or_null(options_.pad_token);
  config["split_special_tokens"] = false;
  config["tokenizer_class"] = "Qwen2Tokenizer";
  config["unk_token"] = nullptr;
  return config.dump(2) + "\n";
}

void BpeTrainer::save(const std::string& directory) const {
  require_trained("save()");
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) throw Error(directory + ": cannot create directory: " + ec.message());
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"tokenizer.json", tokenizer_json()},
                                   {"tokenizer_config.json", tokenizer_config_json()}}) {
    const std::string path = (fs::path(directory) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error(path + ": cannot write");
  }
}

}  // namespace steerscope
