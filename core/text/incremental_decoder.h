#pragma once
// Decoding a token stream as it is generated. A token may end in the middle of a UTF-8 character (byte-level
// BPE splits rare characters and emoji into several tokens), so push() returns only text that is complete
// and holds back a trailing partial character until the next tokens finish it. Bytes that can no longer
// become a valid character are emitted as U+FFFD at once. flush() emits what is held back (a partial
// character becomes U+FFFD) and starts over.
//
// Contract: the concatenation of every push() and the final flush() equals
// tokenizer.decode(all ids, skip_special_tokens) byte for byte.

#include <cstdint>
#include <string>

#include "core/text/bpe_tokenizer.h"

namespace steerscope {

class IncrementalDecoder {
 public:
  // Keeps a copy of tokenizer (which shares the vocabulary, so this is cheap).
  explicit IncrementalDecoder(const BpeTokenizer& tokenizer, bool skip_special_tokens = false);

  // Adds one token; returns the text it completes (often empty or the whole token, sometimes more).
  std::string push(int32_t id);
  // Returns the held-back bytes decoded lossily and clears them.
  std::string flush();

  // Bytes held back: 0..3, the start of a character still waiting for its last bytes.
  size_t pending_bytes() const { return pending_.size(); }

 private:
  BpeTokenizer tokenizer_;
  bool skip_special_tokens_;
  std::string pending_;
};

}  // namespace steerscope
