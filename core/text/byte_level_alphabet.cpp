#include "core/text/byte_level_alphabet.h"

#include "core/text/utf8.h"

namespace steerscope {

const ByteLevelAlphabet& ByteLevelAlphabet::instance() {
  static const ByteLevelAlphabet alphabet;
  return alphabet;
}

ByteLevelAlphabet::ByteLevelAlphabet() {
  byte_of_.fill(-1);
  char32_t next_unprintable = 0x100;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    const char32_t c = printable ? static_cast<char32_t>(b) : next_unprintable++;
    utf8::append_code_point(chars_[b], c);
    byte_of_[c] = static_cast<int16_t>(b);
  }
}

std::string ByteLevelAlphabet::encode(std::string_view raw) const {
  std::string out;
  out.reserve(raw.size() * 2);
  for (char ch : raw) out += chars_[static_cast<uint8_t>(ch)];
  return out;
}

bool ByteLevelAlphabet::decode(std::string_view token, std::string& out) const {
  const size_t start = out.size();
  size_t i = 0;
  while (i < token.size()) {
    utf8::Sequence q = utf8::read_sequence(token, i);
    const int b = q.well_formed ? byte_of(q.code_point) : -1;
    if (b < 0) {
      out.resize(start);
      return false;
    }
    out += static_cast<char>(b);
    i += q.length;
  }
  return true;
}

}  // namespace steerscope
