#pragma once
// The "model" of a byte-level BPE tokenizer.json (Hugging Face tokenizers: models/bpe/{model,word}.rs).
//
// A word, as the pre-tokenizer cut it, starts as one symbol per byte (the vocabulary holds the 256
// byte-level characters). Then, repeatedly, the adjacent pair with the lowest merge rank (its index in
// "merges") is merged, the leftmost one on ties, until no adjacent pair has a merge. This is HF's
// min-heap on (rank, position), and gives the same result as GPT-2's "merge every occurrence of the best
// bigram" loop. With ignore_merges (LLaMA-3) a word that is itself in the vocabulary is emitted whole first.
//
// encode_word takes the word's raw UTF-8 bytes: the byte-level mapping is folded into a byte -> id table
// and merges are keyed by id pairs, so the hot path builds no strings. Results for words shorter than
// kMaxCachedWordBytes are cached (the cache is cleared when it reaches kCacheEntries), since natural text
// repeats a small set of words; the cache is behind a mutex, so one BpeModel may be used from several
// threads.
//
// Supported options: unk_token (+ fuse_unk), ignore_merges, both merge formats ("a b" strings and
// ["a","b"] pairs). Refused at load time, with a message naming the file: dropout > 0, byte_fallback,
// continuing_subword_prefix and end_of_word_suffix (WordPiece-style BPE, never used with byte-level).

#include <array>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace steerscope {

class BpeModel {
 public:
  static constexpr size_t kMaxCachedWordBytes = 256;
  static constexpr size_t kCacheEntries = 1 << 16;

  // model is the "model" object of tokenizer.json; file names the file in error messages.
  BpeModel(const nlohmann::json& model, const std::string& file);
  BpeModel(const BpeModel&) = delete;
  BpeModel& operator=(const BpeModel&) = delete;

  // Appends the ids of one word (raw UTF-8 bytes, before the byte-level mapping).
  void encode_word(std::string_view word, std::vector<int32_t>& ids) const;

  std::optional<int32_t> token_to_id(const std::string& token) const;
  // The vocabulary string of id (in the byte-level alphabet), or nullptr if id is not in the vocabulary.
  const std::string* id_to_token(int32_t id) const;

  size_t vocab_entries() const { return vocab_.size(); }
  size_t merge_count() const { return merge_count_; }
  int32_t max_id() const { return static_cast<int32_t>(tokens_.size()) - 1; }
  bool ignore_merges() const { return ignore_merges_; }

 private:
  // The merges as an open-addressing hash table keyed by the id pair: the merge loop looks pairs up far
  // more often than anything else, and one probe into a flat array beats std::unordered_map's nodes.
  struct Merge {
    uint64_t key;  // pair_key(a, b); kEmptyKey for a free slot
    int32_t rank;
    int32_t id;  // the merged symbol
  };
  static constexpr uint64_t kEmptyKey = ~uint64_t{0};  // the pair (-1, -1), never a real one
  static uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
  }
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> merge_shift_; }
  Merge& insert_merge(uint64_t key);
  const Merge* find_merge(int32_t a, int32_t b) const;
  void merge_word(std::string_view word, std::vector<int32_t>& ids) const;

  std::unordered_map<std::string, int32_t> vocab_;
  std::vector<std::string> tokens_;  // by id
  std::vector<bool> has_token_;      // by id: vocab ids need not be contiguous
  std::vector<Merge> merges_;        // power-of-two size, at most half full
  int merge_shift_ = 64;             // 64 - log2(merges_.size())
  size_t merge_count_ = 0;
  std::array<int32_t, 256> byte_ids_;  // id of each byte's alphabet character, -1 if absent
  int32_t unk_id_ = -1;
  bool fuse_unk_ = false;
  bool ignore_merges_ = false;

  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace steerscope
