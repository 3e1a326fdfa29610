#pragma once
// UTF-8 code points for the text metrics. CER counts code points (one Chinese character = one token), and
// the reference's jiwer transforms use Python's notion of whitespace, so both need a decoder and
// Python's str.isspace() set, without pulling in ICU.
//
// Invalid UTF-8 never throws: each byte that does not start a well-formed sequence becomes a code unit of
// its own (value 0xDC00 + byte, as Python's "surrogateescape" does), so that a corrupt transcript still
// scores instead of aborting a corpus run, and re-encoding gives back the original bytes.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope::analysis {

// One decoded code point with the bytes it came from.
struct CodePoint {
  char32_t value = 0;
  std::string bytes;  // the original UTF-8 bytes (one byte for an invalid sequence)
};

std::vector<CodePoint> decode_utf8(const std::string& text);

// Appends the UTF-8 encoding of c (escaped invalid bytes are written back as the raw byte).
void append_utf8(std::string& out, char32_t c);

// Python's str.isspace(): \t\n\v\f\r, U+001C..U+001F, space, U+0085, U+00A0, U+1680, U+2000..U+200A,
// U+2028, U+2029, U+202F, U+205F, U+3000. This is also what re's \s and str.strip() use for str.
bool is_python_whitespace(char32_t c);

// Terminal columns a string occupies: 2 for East Asian wide and full-width code points, 0 for combining
// marks, 1 otherwise. Used only to line up aligned REF/HYP rows; an approximation of wcwidth().
int display_width(const std::string& text);

}  // namespace steerscope::analysis
