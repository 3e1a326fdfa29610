#pragma once
// One entry of the "added_tokens" array of a tokenizer.json: text that is cut out of the input before
// normalization and BPE and becomes its id directly (<|im_start|>, <|endoftext|>, <tool_call>, ...).

#include <cstdint>
#include <string>

namespace steerscope {

struct AddedToken {
  int32_t id = -1;
  std::string content;
  bool special = false;      // dropped by decode(skip_special_tokens = true)
  bool normalized = false;   // matched against the normalized text instead of the raw text
  bool single_word = false;  // only matched when not inside a word
  bool lstrip = false;       // the match absorbs the whitespace on its left
  bool rstrip = false;       // the match absorbs the whitespace on its right
};

}  // namespace steerscope
