#pragma once
// The tokenizer.json "normalizer" stage, for the Unicode normalization forms (NFC, NFD, NFKC, NFKD, and a
// Sequence of them) that byte-level BPE tokenizers use; Qwen2/2.5/3 use NFC. Backed by libutf8proc.
// Other normalizers (Lowercase, Replace, Prepend, ...) belong to SentencePiece-style tokenizers and are
// refused at load time with a message naming the file.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace steerscope {

class UnicodeNormalizer {
 public:
  enum class Form { kNFC, kNFD, kNFKC, kNFKD };

  UnicodeNormalizer() = default;  // the identity (tokenizer.json "normalizer": null)
  explicit UnicodeNormalizer(std::vector<Form> steps) : steps_(std::move(steps)) {}

  // Parses the "normalizer" value of a tokenizer.json; file names the file in error messages.
  static UnicodeNormalizer from_json(const nlohmann::json& j, const std::string& file);

  bool is_identity() const { return steps_.empty(); }

  // text must be valid UTF-8.
  std::string apply(std::string_view text) const;

 private:
  std::vector<Form> steps_;
};

}  // namespace steerscope
