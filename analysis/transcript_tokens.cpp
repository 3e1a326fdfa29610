#include "analysis/transcript_tokens.h"

#include "analysis/utf8_text.h"

namespace steerscope::analysis {

namespace {

bool is_punctuation(char32_t c) {
  if (c < 0x80) {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
  }
  if (c >= 0xA1 && c <= 0xBF) {
    // Keep ª (AA), ² ³ (B2 B3), µ (B5), ¹ (B9), º (BA) and the fractions ¼ ½ ¾ (BC-BE).
    return !(c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
             (c >= 0xBC && c <= 0xBE));
  }
  if (c >= 0x2010 && c <= 0x205E) return true;
  if (c >= 0x3001 && c <= 0x303F) return true;
  return (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65);
}

bool is_apostrophe(char32_t c) {
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

// Letters and digits. Outside ASCII, anything that is neither whitespace nor in the punctuation ranges
// counts (letters of every script, CJK ideographs, combining marks).
bool is_word_character(char32_t c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  if (c < 0x80) return false;
  return !is_python_whitespace(c) && !is_punctuation(c) && !is_apostrophe(c);
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

}  // namespace

std::string collapse_and_strip_whitespace(const std::string& text) {
  const auto cps = decode_utf8(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < cps.size()) {
    if (is_python_whitespace(cps[i].value)) {
      size_t j = i;
      while (j < cps.size() && is_python_whitespace(cps[j].value)) ++j;
      if (j - i >= 2) {
        out.push_back(' ');
      } else {
        out += cps[i].bytes;
      }
      i = j;
    } else {
      out += cps[i].bytes;
      ++i;
    }
  }
  // Strip: the collapsed runs are single code points now, so one pass from each end suffices.
  const auto stripped = decode_utf8(out);
  size_t begin = 0, end = stripped.size();
  while (begin < end && is_python_whitespace(stripped[begin].value)) ++begin;
  while (end > begin && is_python_whitespace(stripped[end - 1].value)) --end;
  std::string result;
  for (size_t k = begin; k < end; ++k) result += stripped[k].bytes;
  return result;
}

std::vector<std::string> word_tokens(const std::string& text) {
  const std::string s = collapse_and_strip_whitespace(text);
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= s.size()) {
    size_t space = s.find(' ', start);
    if (space == std::string::npos) space = s.size();
    if (space > start) words.push_back(s.substr(start, space - start));
    start = space + 1;
  }
  return words;
}

std::vector<std::string> character_tokens(const std::string& text) {
  std::vector<std::string> chars;
  for (auto& cp : decode_utf8(collapse_and_strip_whitespace(text))) chars.push_back(std::move(cp.bytes));
  return chars;
}

std::string normalize_english(const std::string& text) {
  const auto cps = decode_utf8(text);
  std::vector<char32_t> mapped;
  mapped.reserve(cps.size());
  for (const auto& cp : cps) mapped.push_back(to_lower(cp.value));

  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto emit = [&](char32_t c) {
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    append_utf8(out, c);
  };
  for (size_t i = 0; i < mapped.size(); ++i) {
    const char32_t c = mapped[i];
    if (is_apostrophe(c)) {
      const bool inside_word = i > 0 && i + 1 < mapped.size() && is_word_character(mapped[i - 1]) &&
                               is_word_character(mapped[i + 1]);
      if (inside_word) {
        emit('\'');
      } else {
        pending_space = true;
      }
    } else if (is_python_whitespace(c) || is_punctuation(c)) {
      pending_space = true;
    } else {
      emit(c);
    }
  }
  return out;
}

}  // namespace steerscope::analysis
