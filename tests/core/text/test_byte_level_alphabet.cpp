// The GPT-2 byte-level alphabet: the table every byte-level vocabulary is written in.
#include "core/text/byte_level_alphabet.h"

#include <gtest/gtest.h>

#include <set>

using namespace steerscope;

TEST(ByteLevelAlphabet, KnownCharacters) {
  const auto& a = ByteLevelAlphabet::instance();
  EXPECT_EQ(a.char_of(' '), "\xC4\xA0");   // U+0120 'Ġ'
  EXPECT_EQ(a.char_of('\n'), "\xC4\x8A");  // U+010A 'Ċ'
  EXPECT_EQ(a.char_of('\r'), "\xC4\x8D");  // U+010D 'č'
  EXPECT_EQ(a.char_of('\t'), "\xC4\x89");  // U+0109 'ĉ'
  EXPECT_EQ(a.char_of(0x00), "\xC4\x80");  // U+0100
  EXPECT_EQ(a.char_of(0x7F), "\xC4\xA1");  // U+0121, the first after the 33 control bytes and space
  EXPECT_EQ(a.char_of(0xA0), "\xC5\x82");  // U+0142
  EXPECT_EQ(a.char_of(0xAD), "\xC5\x83");  // U+0143, the last one
  EXPECT_EQ(a.char_of('a'), "a");
  EXPECT_EQ(a.char_of(0xE9), "\xC3\xA9");  // printable Latin-1 bytes stand for themselves
  EXPECT_EQ(a.byte_of(U'\u0120'), ' ');
  EXPECT_EQ(a.byte_of(U'\u0144'), -1);
  EXPECT_EQ(a.byte_of(U'\u4F60'), -1);
}

TEST(ByteLevelAlphabet, IsABijectionOnBytes) {
  const auto& a = ByteLevelAlphabet::instance();
  std::set<std::string> seen;
  for (int b = 0; b < 256; ++b) {
    EXPECT_TRUE(seen.insert(a.char_of(static_cast<uint8_t>(b))).second) << b;
    std::string back;
    ASSERT_TRUE(a.decode(a.char_of(static_cast<uint8_t>(b)), back));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(static_cast<uint8_t>(back[0]), b);
  }
  EXPECT_EQ(seen.size(), 256u);
}

TEST(ByteLevelAlphabet, EncodeDecodeRoundTrip) {
  const auto& a = ByteLevelAlphabet::instance();
  const std::string raw = std::string("x \n\r\t\0\xFF\xE4\xBD\xA0", 10);
  std::string back;
  ASSERT_TRUE(a.decode(a.encode(raw), back));
  EXPECT_EQ(back, raw);
  EXPECT_EQ(a.encode(" world"), "\xC4\xA0world");
  // A character outside the alphabet: decode refuses and appends nothing.
  back = "keep";
  EXPECT_FALSE(a.decode("ab\xE4\xBD\xA0", back));
  EXPECT_EQ(back, "keep");
}
