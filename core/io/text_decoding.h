#pragma once
// Reading annotation files written by other tools: Praat writes UTF-16 with a byte-order mark when a
// TextGrid contains non-ASCII text, spreadsheet exports carry a UTF-8 BOM, and files edited on Windows
// end lines with CR LF. Every importer goes through read_text_as_utf8() so that it sees one encoding
// (UTF-8, no BOM) and one line ending (LF).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steerscope {

// True if s is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF). On
// failure *bad_offset (if given) is the byte offset of the first invalid sequence.
bool is_valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

// Decodes the bytes of a text file to UTF-8 with LF line endings:
//  - a UTF-8 BOM is dropped; UTF-16 LE/BE with a BOM is converted; UTF-16 without a BOM is recognised when
//    the first character is ASCII (a zero byte beside it);
//  - CR LF and lone CR become LF;
//  - anything else must already be UTF-8.
// Throws Error("<name>: line N: ...") for invalid UTF-8, an unpaired UTF-16 surrogate or an odd byte count.
std::string decode_text(std::string_view bytes, const std::string& name);

// Reads path and decodes it as above. Throws Error naming the path if it cannot be read.
std::string read_text_as_utf8(const std::string& path);

// Splits text at LF; the last line is dropped if empty (text ending with a newline). Line i of the result
// is line i + 1 of the file, for error messages.
std::vector<std::string_view> split_lines(std::string_view text);

// Whitespace-separated fields of a line (spaces and tabs).
std::vector<std::string_view> split_fields(std::string_view line);

// Parses a whole field as a finite double (C locale; "1e-5", "-0.5", "3."). Returns false on anything
// else, including "nan", "inf" and trailing characters.
bool parse_double(std::string_view field, double& out);

std::string_view trim(std::string_view s);

}  // namespace steerscope
