#include "core/text/utf8.h"

namespace steerscope::utf8 {

Sequence read_sequence(std::string_view s, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  Sequence r;
  if (lead < 0x80) {
    r.length = 1;
    r.code_point = lead;
    r.well_formed = true;
    return r;
  }
  // Total length and the allowed range of the second byte (later bytes are always 80..BF).
  size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;  // no overlong forms
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 4;
    cp = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;  // no overlong forms
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    r.length = 1;  // 80..C1 and F5..FF never start a sequence
    return r;
  }
  size_t i = 1;
  for (; i < need; ++i) {
    if (pos + i >= s.size()) {
      r.length = i;
      r.truncated = true;
      return r;
    }
    const unsigned char b = byte(pos + i);
    const unsigned char min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) {
      r.length = i;
      return r;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  r.length = need;
  r.code_point = cp;
  r.well_formed = true;
  return r;
}

bool is_valid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    Sequence q = read_sequence(s, i);
    if (!q.well_formed) return false;
    i += q.length;
  }
  return true;
}

std::string decode_lossy(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    Sequence q = read_sequence(s, i);
    if (q.well_formed)
      out.append(s.data() + i, q.length);
    else
      out += "\xEF\xBF\xBD";
    i += q.length;
  }
  return out;
}

size_t incomplete_tail_length(std::string_view s) {
  // A sequence is at most four bytes, so a truncated one starts within the last three.
  const size_t first = s.size() > 3 ? s.size() - 3 : 0;
  for (size_t start = first; start < s.size(); ++start) {
    const unsigned char b = static_cast<unsigned char>(s[start]);
    if (b < 0xC2 || b > 0xF4) continue;  // not a lead byte
    Sequence q = read_sequence(s, start);
    if (q.truncated) return s.size() - start;
  }
  return 0;
}

void append_code_point(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace steerscope::utf8
