#pragma once
// Byte-level BPE tokenizer read from a Hugging Face tokenizer.json (GPT-2, Qwen2/2.5/3, LLaMA-3), giving
// the same ids as the Hugging Face tokenizers library (spec: formats.md §5 of the shared reference); the
// conformance tests compare against that library on a multilingual corpus.
//
// encode(text):
//   1. added tokens (<|im_start|>, ...) are cut out of the raw text first, leftmost-longest
//      (AddedTokenMatcher); each becomes its id, so special tokens typed in user text are recognised;
//   2. the rest is normalized (NFC for Qwen; UnicodeNormalizer), and added tokens marked normalized are cut
//      out of the normalized text;
//   3. the pre-tokenizer cuts it into words (PreTokenizer: the tokenizer.json split regex, with PCRE2);
//   4. each word's bytes are BPE-merged (BpeModel).
//   With add_special_tokens the post-processor's tokens are added around the result (LLaMA-3's
//   <|begin_of_text|>; nothing for Qwen). Never truncates or pads: tokenizer.json "truncation" and
//   "padding" are ignored. Text that is not valid UTF-8 is first repaired as decode_lossy does (each
//   ill-formed maximal subpart becomes U+FFFD), since HF only ever sees valid strings.
//
// decode(ids): each id's token (added token content or vocabulary entry), special tokens dropped on
// request, byte-level characters mapped back to bytes, and the bytes read as UTF-8 with U+FFFD for
// ill-formed sequences (Rust from_utf8_lossy; Python errors="replace"). Ids that are in neither
// vocabulary are skipped, as HF does. For streaming use IncrementalDecoder.
//
// Copies share the loaded vocabulary (it is immutable); encode and decode may be called from several
// threads at once.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text/added_token.h"

namespace steerscope {

class BpeTokenizer {
 public:
  // path is a tokenizer.json or a directory that holds one. A tokenizer_config.json in the same directory,
  // if present, supplies the eos/pad/bos tokens and the chat template. Throws Error naming the file and
  // the problem: unreadable or malformed JSON, a model other than BPE, missing merges, a regex that does
  // not compile, a pipeline stage that is not byte-level BPE.
  explicit BpeTokenizer(const std::string& path);

  std::vector<int32_t> encode(std::string_view text, bool add_special_tokens = false) const;
  std::string decode(const std::vector<int32_t>& ids, bool skip_special_tokens = false) const;

  // The raw bytes one id stands for: possibly part of a UTF-8 character, empty for an unknown id.
  std::string token_bytes(int32_t id) const;

  // Added tokens first, then the model vocabulary (as HF). Tokens are in the byte-level alphabet:
  // " world" is "Ġworld".
  std::optional<int32_t> token_to_id(const std::string& token) const;
  std::optional<std::string> id_to_token(int32_t id) const;

  // One more than the largest id of the vocabulary and the added tokens: the number of embedding rows that
  // ids index (151669 for Qwen3's file; the model's embedding matrix may be padded beyond it).
  size_t vocab_size() const;
  // Added tokens in tokenizer.json order.
  const std::vector<AddedToken>& added_tokens() const;
  // True for added tokens marked special: what decode(skip_special_tokens) drops.
  bool is_special(int32_t id) const;

  // From tokenizer_config.json (eos_token, pad_token, bos_token: a string or {"content": ...}); empty when
  // there is no such file or the entry is null.
  std::optional<int32_t> eos_token_id() const;
  std::optional<int32_t> pad_token_id() const;
  std::optional<int32_t> bos_token_id() const;
  // The Jinja chat_template of tokenizer_config.json, verbatim ("" if none). Not interpreted here; see
  // ChatTemplate for ChatML.
  const std::string& chat_template() const;

  // The tokenizer.json that was read.
  const std::string& path() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace steerscope
