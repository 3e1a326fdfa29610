#include "core/io/text_decoding.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace steerscope {

bool is_valid_utf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    bool ok = i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80)
        ok = false;
      else
        cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

size_t line_of_offset(std::string_view s, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i)
    if (s[i] == '\n') ++line;
  return line;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

std::string utf16_to_utf8(std::string_view bytes, bool big_endian, const std::string& name) {
  if (bytes.size() % 2)
    throw Error(name + ": UTF-16 text has an odd number of bytes (" + std::to_string(bytes.size()) +
                "); the file is truncated");
  std::string out;
  out.reserve(bytes.size() / 2);
  size_t line = 1;
  auto unit = [&](size_t i) -> uint32_t {
    auto b0 = uint32_t(uint8_t(bytes[i])), b1 = uint32_t(uint8_t(bytes[i + 1]));
    return big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0;
  };
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF)
        throw Error(name + ": line " + std::to_string(line) + ": unpaired UTF-16 surrogate");
      uint32_t lo = unit(i + 2);
      append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      throw Error(name + ": line " + std::to_string(line) + ": unpaired UTF-16 surrogate");
    } else {
      if (u == '\n') ++line;
      append_utf8(out, u);
    }
  }
  return out;
}

std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string decode_text(std::string_view bytes, const std::string& name) {
  auto starts = [&](std::initializer_list<unsigned char> prefix) {
    if (bytes.size() < prefix.size()) return false;
    size_t i = 0;
    for (unsigned char c : prefix)
      if (uint8_t(bytes[i++]) != c) return false;
    return true;
  };
  std::string utf8;
  if (starts({0xEF, 0xBB, 0xBF})) {
    utf8.assign(bytes.substr(3));
  } else if (starts({0xFF, 0xFE})) {
    utf8 = utf16_to_utf8(bytes.substr(2), false, name);
  } else if (starts({0xFE, 0xFF})) {
    utf8 = utf16_to_utf8(bytes.substr(2), true, name);
  } else if (bytes.size() >= 2 && bytes[0] == 0 && uint8_t(bytes[1]) < 0x80 && bytes[1] != 0) {
    utf8 = utf16_to_utf8(bytes, true, name);  // BOM-less UTF-16 BE, ASCII first character
  } else if (bytes.size() >= 2 && bytes[1] == 0 && uint8_t(bytes[0]) < 0x80 && bytes[0] != 0) {
    utf8 = utf16_to_utf8(bytes, false, name);  // BOM-less UTF-16 LE
  } else {
    utf8.assign(bytes);
  }
  std::string text = normalise_newlines(utf8);
  size_t bad = 0;
  if (!is_valid_utf8(text, &bad))
    throw Error(name + ": line " + std::to_string(line_of_offset(text, bad)) + ": not valid UTF-8 (byte " +
                std::to_string(bad) + "); save the file as UTF-8 or UTF-16 with a byte-order mark");
  return text;
}

std::string read_text_as_utf8(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error(path + ": read error");
  return decode_text(ss.str(), path);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

bool parse_double(std::string_view field, double& out) {
  // from_chars is locale-independent (a GUI may run under a locale with a decimal comma) and rejects
  // leading whitespace; it accepts "nan" and "inf", which are errors in a time column, hence isfinite.
  if (!field.empty() && field[0] == '+') field.remove_prefix(1);
  if (field.empty() || field[0] == '+') return false;
  double v = 0.0;
  auto r = std::from_chars(field.data(), field.data() + field.size(), v);
  if (r.ec != std::errc() || r.ptr != field.data() + field.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace steerscope
