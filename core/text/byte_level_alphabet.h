#pragma once
// The GPT-2 byte-level alphabet (Hugging Face tokenizers: pre_tokenizers/byte_level.rs, bytes_char): every
// byte 0..255 is shown as one printable Unicode character so that BPE vocabularies can be stored as JSON
// text. Printable bytes map to themselves (0x21..0x7E, 0xA1..0xAC, 0xAE..0xFF); the other 68 bytes, in
// increasing order, map to U+0100, U+0101, ... (space 0x20 -> U+0120 'Ġ', '\n' -> U+010A 'Ċ').

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace steerscope {

class ByteLevelAlphabet {
 public:
  static const ByteLevelAlphabet& instance();

  // UTF-8 of the character that stands for byte b.
  const std::string& char_of(uint8_t b) const { return chars_[b]; }

  // The byte a character stands for, or -1 if c is not in the alphabet.
  int byte_of(char32_t c) const { return c < byte_of_.size() ? byte_of_[c] : -1; }

  // Each byte of raw replaced by its character.
  std::string encode(std::string_view raw) const;

  // Appends the bytes that the characters of token stand for. Returns false, appending nothing, if token
  // has a character outside the alphabet (or is not valid UTF-8); the ByteLevel decoder then uses the
  // token's own UTF-8 bytes.
  bool decode(std::string_view token, std::string& out) const;

 private:
  ByteLevelAlphabet();
  std::array<std::string, 256> chars_;
  std::array<int16_t, 0x144> byte_of_;  // the alphabet ends at U+0143
};

}  // namespace steerscope
