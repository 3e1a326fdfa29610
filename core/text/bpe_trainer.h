#pragma once
// Learns a byte-level BPE vocabulary (GPT-2 / Qwen2 style) from text and writes it as a Hugging Face
// tokenizer.json plus tokenizer_config.json, which BpeTokenizer and the Hugging Face tokenizers library
// both load. Used for the demo's tiny LM, which needs a vocabulary of its own.
//
// Training sees text exactly as BpeTokenizer::encode will see it:
//   1. the added tokens (<|im_start|>, ...) are cut out of the raw text and not counted, so no merges are
//      spent on them (AddedTokenMatcher, as encode does; HF's trainer would count them as text);
//   2. the rest is NFC-normalized (UnicodeNormalizer) and cut into words by the Qwen2 split regex
//      (PreTokenizer, built from the very pre_tokenizer JSON that is written into tokenizer.json);
//   3. each word becomes one symbol per byte. Distinct words are counted with their frequencies, and the
//      merge loop only ever works on the distinct words.
//
// The merge loop. Repeatedly, the adjacent symbol pair with the highest count is merged into a new
// symbol in every word (left to right, non-overlapping: "aaa" becomes "aa a"), until the vocabulary has
// vocab_size entries or no pair occurs min_frequency times. A pair's count is the number of adjacent
// positions holding it, summed over words weighted by their frequencies ("aaa" holds (a, a) twice).
// Ties go to the pair with the smaller left id, then the smaller right id. Ids: the 256 byte symbols take
// 0..255 in the order of the code points of their byte-level characters (the GPT-2 and Qwen order: '!'
// is 0, 'Ġ' (space) 220), and merged tokens follow in the order they were created. This is the ordering
// of Hugging Face's BpeTrainer (trainer.rs, Merge::cmp over ids from its code-point-sorted alphabet), so on
// the same words both learn the same merges; test_bpe_trainer checks that against the library. A merge
// whose result is already a token (reached by another path: "a"+"bc" after "ab"+"c") reuses that id
// and does not grow the vocabulary, as in HF.
//
// Cost. Counts are updated incrementally: each pair keeps the list of words it occurs in; merging (a, b)
// into z visits only those words, and in each only the merged positions and their neighbours p and n:
// (p, a) and (b, n) lose the word's frequency, (p, z) and (z, n) gain it. The best pair comes from a
// max-heap of (count, pair) that is corrected lazily: an entry whose count went stale is pushed back with
// the current count when it reaches the top. 5 MB of English-like text (38k distinct words) train to
// 1000 or 4000 tokens in 0.2-0.35 s of CPU time on one core, more than half of it counting the words
// (normalization and the regex pre-tokenizer); see TrainBpe in tests/bench/bench_tokenizer.cpp.
// Not thread-safe: one trainer per thread.
//
// Forced tokens. Strings that must always encode to one token, e.g. each IPA phone with its leading
// space (" ð", " ə"), so that a phone transcription costs one token per phone. Before the greedy
// loop, each forced token gets the merges that join it: the string is encoded with the merges made so
// far (lowest rank first, as BpeTokenizer does), and while it is in more than one piece a merge of its
// first two pieces is appended. Forced merges therefore have the lowest ranks, in the order the forced
// tokens are given, and every later merge has a higher rank, so encode always completes them: a word
// equal to a forced token is one token. They count towards vocab_size and are applied to the training
// words before the greedy loop. "One token" can only hold for a string that the pre-tokenizer leaves
// whole: a forced token that it would cut (" ɑ̃": the combining tilde is a word of its own), that holds
// an added token, or that is empty is refused with an Error.
//
// Output. tokenizer.json has the Qwen2 pipeline: normalizer NFC, pre_tokenizer Sequence[Split(Qwen2
// regex, Isolated), ByteLevel(use_regex false)], post_processor and decoder ByteLevel, model BPE with the
// vocabulary in id order and the merges in rank order, added_tokens with the ids after the vocabulary
// (special tokens first, then the other added tokens, each in the order given). Merges are written in the
// legacy "a b" form rather than the ["a", "b"] pair form: every version of the tokenizers library and of
// transformers reads it (the pair form needs tokenizers >= 0.20), and it is unambiguous for byte-level
// BPE because byte-level symbols never contain U+0020 (a space is 'Ġ'). tokenizer_config.json is Qwen2's
// layout: Qwen2Tokenizer, eos_token and pad_token as configured, bos_token null, add_bos_token false, and
// a ChatML chat_template (the format ChatTemplate renders). The JSON is built in a fixed key order from
// data that does not depend on hash-table order, so the same corpus and options give byte-identical
// files, whatever the order the texts were added in.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text/added_token.h"
#include "core/text/added_token_matcher.h"
#include "core/text/pre_tokenizer.h"
#include "core/text/unicode_normalizer.h"

namespace steerscope {

struct BpeTrainerOptions {
  // Entries of the model vocabulary: the 256 byte symbols plus one per merged token (forced tokens
  // included). Added tokens are not counted: they take the ids from vocab_size on. Training stops earlier
  // (and the vocabulary is smaller) when no pair occurs min_frequency times.
  size_t vocab_size = 2000;
  // A pair must occur at least this often (summed word frequencies) to be merged; values below 1 act as 1.
  uint64_t min_frequency = 2;
  // Added tokens marked special (dropped by decode(skip_special_tokens)), then added tokens that are not
  // (e.g. "<tool_call>"). Both are matched on the raw text, never split, and get ids after the vocabulary.
  std::vector<std::string> special_tokens = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
  std::vector<std::string> added_tokens;
  // Strings that must encode to a single token; see the header comment. Given in NFC or not (they are
  // normalized, as text is).
  std::vector<std::string> forced_tokens;
  // tokenizer_config.json. eos_token and pad_token must be among the added tokens ("" writes null).
  std::string eos_token = "<|im_end|>";
  std::string pad_token = "<|endoftext|>";
  // The chat template's system turn when a conversation does not start with one; none when empty.
  std::optional<std::string> default_system_prompt;
  // The context length the LM is built for, written as model_max_length when set.
  std::optional<int64_t> model_max_length;
};

class BpeTrainer {
 public:
  // One entry of the merge list, in rank order: left and right merged into the token merged (ids).
  struct Merge {
    int32_t left = 0, right = 0, merged = 0;
    // Occurrences of the pair in the training words when it was merged (for a forced merge, possibly 0).
    uint64_t count = 0;
    bool forced = false;
  };

  // Throws Error "BpeTrainer: ..." for options that cannot work: vocab_size below 256, an empty, repeated
  // or ill-formed added token, an eos/pad token that is not an added token, a forced token that could not
  // stay one token (see above).
  explicit BpeTrainer(BpeTrainerOptions options = {});

  // Counts the words of one training text (a sentence, a line, a document). Text that is not valid UTF-8
  // is repaired first as BpeTokenizer::encode does (U+FFFD for each ill-formed sequence). A line break is
  // text like any other: pass it if the encoded text will have it.
  void add_text(std::string_view text);

  // Learns the merges from the words counted so far, replacing any earlier result; add_text may be called
  // again afterwards and train() rerun. Throws Error if the forced tokens alone need more than vocab_size.
  void train();

  // The results of the last train(); each throws Error before the first one.
  // Vocabulary entries (256 + merged tokens; at most options.vocab_size).
  size_t vocab_size() const;
  // Token strings by id, in the byte-level alphabet as written to tokenizer.json (" the" is "Ġthe").
  std::vector<std::string> vocabulary() const;
  // The raw bytes of token id (a vocabulary id).
  const std::string& token_bytes(int32_t id) const;
  const std::vector<Merge>& merges() const;
  // Special tokens, then the other added tokens, with their ids (vocab_size() on).
  std::vector<AddedToken> added_tokens() const;

  // The file contents, ending in a newline.
  std::string tokenizer_json() const;
  std::string tokenizer_config_json() const;
  // Writes tokenizer.json and tokenizer_config.json into directory (created if missing); throws Error
  // naming the file that cannot be written.
  void save(const std::string& directory) const;

  // Word statistics of the texts added so far: words counted, and distinct words among them.
  uint64_t word_count() const { return word_count_; }
  size_t distinct_word_count() const { return word_frequencies_.size(); }

  const BpeTrainerOptions& options() const { return options_; }

 private:
  void require_trained(const char* what) const;
  // Ids of raw under the merges made so far: BPE with the lowest rank first, leftmost on ties.
  std::vector<int32_t> encode_with_merges(std::string_view raw) const;
  // The id of the token with these raw bytes, created at the end of the vocabulary if it is new.
  int32_t token_id_for(std::string raw);

  BpeTrainerOptions options_;
  std::vector<std::string> forced_tokens_;  // NFC
  UnicodeNormalizer normalizer_;
  PreTokenizer pre_tokenizer_;
  AddedTokenMatcher added_matcher_;

  std::unordered_map<std::string, uint64_t> word_frequencies_;  // raw bytes of each distinct word
  uint64_t word_count_ = 0;
  // Scratch for add_text.
  std::vector<AddedTokenMatcher::Piece> pieces_;
  std::vector<std::string_view> words_;
  std::deque<std::string> word_storage_;

  bool trained_ = false;
  std::vector<std::string> tokens_;  // raw bytes by id
  std::unordered_map<std::string, int32_t> token_ids_;
  std::vector<Merge> merges_;
  std::unordered_map<uint64_t, size_t> merge_ranks_;  // (left, right) -> index into merges_
};

}  // namespace steerscope
