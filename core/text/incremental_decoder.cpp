#include "core/text/incremental_decoder.h"

#include "core/text/utf8.h"

namespace steerscope {

IncrementalDecoder::IncrementalDecoder(const BpeTokenizer& tokenizer, bool skip_special_tokens)
    : tokenizer_(tokenizer), skip_special_tokens_(skip_special_tokens) {}

std::string IncrementalDecoder::push(int32_t id) {
  if (skip_special_tokens_ && tokenizer_.is_special(id)) return {};
  pending_ += tokenizer_.token_bytes(id);
  // Everything but a trailing truncated sequence is final: lossy decoding of a prefix that ends on a
  // sequence boundary gives the same text as decoding it together with whatever follows.
  const size_t keep = utf8::incomplete_tail_length(pending_);
  std::string text = utf8::decode_lossy(std::string_view(pending_).substr(0, pending_.size() - keep));
  pending_.erase(0, pending_.size() - keep);
  return text;
}

std::string IncrementalDecoder::flush() {
  std::string text = utf8::decode_lossy(pending_);
  pending_.clear();
  return text;
}

}  // namespace steerscope
