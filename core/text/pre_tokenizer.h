#pragma once
// The tokenizer.json "pre_tokenizer" stage for byte-level BPE: it cuts normalized text into words, and the
// BPE model then works on each word's bytes. Two shapes are accepted, which cover GPT-2, Qwen2/2.5/3 and
// LLaMA-3:
//   Sequence[Split(pattern, "Isolated", invert false)..., ByteLevel(use_regex false)]   (Qwen, LLaMA-3)
//   ByteLevel(use_regex true)                                                           (GPT-2)
// "Isolated": every match is a word, and so is every stretch of text between two matches. ByteLevel with
// use_regex true splits once more with the GPT-2 pattern (kGpt2Pattern). add_prefix_space puts a space
// in front of each piece reaching the ByteLevel step that does not already start with one (as HF does,
// per piece). The mapping of bytes to the byte-level alphabet itself is done by the BPE model, which is
// given raw bytes. Anything else (Whitespace, Metaspace, other Split behaviours) is refused at load time.

#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/pcre_regex.h"

namespace steerscope {

class PreTokenizer {
 public:
  // Hugging Face tokenizers, pre_tokenizers/byte_level.rs.
  static constexpr const char* kGpt2Pattern =
      R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
  // The Split pattern of Qwen2/2.5/3's tokenizer.json (transformers tokenization_qwen2.py,
  // PRETOKENIZE_REGEX): contractions in any case, one digit per word, punctuation runs with their line
  // breaks. Written by BpeTrainer into the tokenizer.json files it trains.
  static constexpr const char* kQwen2Pattern =
      R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

  // Parses the "pre_tokenizer" value; file names the file in error messages.
  static PreTokenizer from_json(const nlohmann::json& j, const std::string& file);

  // Appends the words of text (valid UTF-8) to words. Words are views into text, or into strings appended
  // to storage when add_prefix_space had to create new text (a deque, so that appending never moves the
  // strings earlier views point into); both must outlive the views.
  void split(std::string_view text, std::vector<std::string_view>& words,
             std::deque<std::string>& storage) const;

  bool add_prefix_space() const { return add_prefix_space_; }

 private:
  std::vector<PcreRegex> splits_;        // Split steps, then the GPT-2 pattern if ByteLevel uses it
  size_t splits_before_byte_level_ = 0;  // how many of splits_ run before the prefix space is added
  bool add_prefix_space_ = false;
};

}  // namespace steerscope
