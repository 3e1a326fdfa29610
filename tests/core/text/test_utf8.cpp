// UTF-8 repair and the streaming tail rule: what decode() and IncrementalDecoder build on. The expected
// strings are Python's bytes.decode("utf-8", errors="replace") (the same as Rust's from_utf8_lossy).
#include "core/text/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace steerscope;

namespace {
const std::string kFffd = "\xEF\xBF\xBD";
}

TEST(Utf8, ValidTextIsUnchanged) {
  const std::vector<std::string> valid = {"",
                                          "plain ASCII",
                                          "h\xC3\xA9llo",
                                          "\xE4\xBD\xA0\xE5\xA5\xBD",
                                          "\xF0\x9F\x98\x80",
                                          std::string("nul\0inside", 10),
                                          "\xF4\x8F\xBF\xBF"};
  for (const std::string& s : valid) {
    EXPECT_TRUE(utf8::is_valid(s)) << s;
    EXPECT_EQ(utf8::decode_lossy(s), s);
  }
}

TEST(Utf8, EachMaximalSubpartBecomesOneReplacementCharacter) {
  // A truncated sequence followed by more text: one U+FFFD for the whole truncated part.
  EXPECT_EQ(utf8::decode_lossy("\xF0\x9F\x98"
                               "A"),
            kFffd + "A");
  EXPECT_EQ(utf8::decode_lossy("\xE2\x82"), kFffd);
  // Bytes that never start a sequence: one U+FFFD each.
  EXPECT_EQ(utf8::decode_lossy("\x80\xBF"), kFffd + kFffd);
  EXPECT_EQ(utf8::decode_lossy("\xC0\xAF"), kFffd + kFffd);  // overlong '/'
  EXPECT_EQ(utf8::decode_lossy("\xFF"
                               "a\xFE"),
            kFffd + "a" + kFffd);
  // Second byte out of the lead's range: the lead alone is the subpart.
  EXPECT_EQ(utf8::decode_lossy("\xE0\x80\x80"), kFffd + kFffd + kFffd);              // overlong
  EXPECT_EQ(utf8::decode_lossy("\xED\xA0\x80"), kFffd + kFffd + kFffd);              // surrogate U+D800
  EXPECT_EQ(utf8::decode_lossy("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  EXPECT_EQ(utf8::decode_lossy("\xF0\x9F"
                               "\xF0\x9F\x98\x80"),
            kFffd + "\xF0\x9F\x98\x80");
  EXPECT_FALSE(utf8::is_valid("\xED\xA0\x80"));
}

TEST(Utf8, ReadSequenceReportsCodePointAndTruncation) {
  utf8::Sequence q = utf8::read_sequence("\xF0\x9F\x98\x80", 0);
  EXPECT_TRUE(q.well_formed);
  EXPECT_EQ(q.length, 4u);
  EXPECT_EQ(q.code_point, U'\U0001F600');
  q = utf8::read_sequence("\xF0\x9F", 0);
  EXPECT_FALSE(q.well_formed);
  EXPECT_TRUE(q.truncated);
  EXPECT_EQ(q.length, 2u);
  q = utf8::read_sequence(
      "\xF0\x9F"
      "a",
      0);
  EXPECT_FALSE(q.truncated);
  EXPECT_EQ(q.length, 2u);
}

TEST(Utf8, IncompleteTailIsWhatMayStillBeCompleted) {
  EXPECT_EQ(utf8::incomplete_tail_length(""), 0u);
  EXPECT_EQ(utf8::incomplete_tail_length("abc"), 0u);
  EXPECT_EQ(utf8::incomplete_tail_length("abc\xF0\x9F"), 2u);
  EXPECT_EQ(utf8::incomplete_tail_length("\xF0\x9F\x98"), 3u);
  EXPECT_EQ(utf8::incomplete_tail_length("\xF0\x9F\x98\x80"), 0u);
  EXPECT_EQ(utf8::incomplete_tail_length("\xE2"), 1u);
  EXPECT_EQ(utf8::incomplete_tail_length("\xE2"
                                         "A"),
            0u);
  EXPECT_EQ(utf8::incomplete_tail_length("\x80"), 0u);      // can never become valid
  EXPECT_EQ(utf8::incomplete_tail_length("\xE0\x80"), 0u);  // already ill-formed
}

TEST(Utf8, DecodingAPrefixAndTheRestAgreesWithDecodingTheWhole) {
  // The property IncrementalDecoder relies on, over random byte strings biased towards UTF-8 fragments.
  std::mt19937 rng(1234);
  const std::string pieces[] = {"a",    "\xC3", "\xA9", "\xE2\x82", "\xAC", "\xF0",
                                "\x9F", "\x98", "\x80", "\xFF",     "\xED"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) s += pieces[rng() % std::size(pieces)];
    const std::string whole = utf8::decode_lossy(s);
    EXPECT_TRUE(utf8::is_valid(whole));
    const size_t keep = utf8::incomplete_tail_length(s);
    EXPECT_EQ(
        utf8::decode_lossy(s.substr(0, s.size() - keep)) + utf8::decode_lossy(s.substr(s.size() - keep)),
        whole);
  }
}
