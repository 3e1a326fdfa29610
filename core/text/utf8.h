#pragma once
// UTF-8 well-formedness as the tokenizer needs it. The rules are Unicode's (Table 3-7 of the standard):
// no overlong forms, no surrogates, nothing above U+10FFFF. Ill-formed input is replaced with U+FFFD one
// "maximal subpart" at a time (Unicode §3.9, "U+FFFD substitution of maximal subparts"), which is what
// Rust's String::from_utf8_lossy and Python's bytes.decode(errors="replace") do, so decode() gives the same
// text as Hugging Face tokenizers and transformers for any byte sequence.

#include <cstddef>
#include <string>
#include <string_view>

namespace steerscope::utf8 {

// How the bytes at one position read.
struct Sequence {
  size_t length = 0;        // bytes consumed: the sequence, or the maximal subpart when ill-formed (>= 1)
  char32_t code_point = 0;  // valid only when well_formed
  bool well_formed = false;
  bool truncated = false;  // ill-formed only because the input ended: more bytes could still complete it
};

// Reads the sequence starting at s[pos] (pos < s.size()).
Sequence read_sequence(std::string_view s, size_t pos);

bool is_valid(std::string_view s);

// s with every ill-formed maximal subpart replaced by U+FFFD (returns s unchanged when it is valid).
std::string decode_lossy(std::string_view s);

// Bytes at the end of s that form a truncated but so far well-formed sequence (0 to 3): what a streaming
// decoder must hold back because the next bytes may complete it.
size_t incomplete_tail_length(std::string_view s);

void append_code_point(std::string& out, char32_t c);

}  // namespace steerscope::utf8
