// Streaming decode: never half a character out, and the pieces add up to decode() exactly.
#include "core/text/incremental_decoder.h"

#include <gtest/gtest.h>

#include <random>

#include "core/text/utf8.h"
#include "tests/core/text/tokenizer_test_support.h"

using namespace steerscope;

namespace {
const BpeTokenizer& tiny() {
  static const BpeTokenizer t(test::tiny_tokenizer("tiny_legacy"));
  return t;
}
}  // namespace

TEST(IncrementalDecoder, HoldsBackPartialCharacters) {
  // Ids 0..255 are single bytes in the tiny vocabulary. "é" = C3 A9, "😀" = F0 9F 98 80.
  IncrementalDecoder d(tiny());
  EXPECT_EQ(d.push(260), "hello");
  EXPECT_EQ(d.push(0xC3), "");
  EXPECT_EQ(d.pending_bytes(), 1u);
  EXPECT_EQ(d.push(0xA9), "\xC3\xA9");
  EXPECT_EQ(d.push(0xF0), "");
  EXPECT_EQ(d.push(0x9F), "");
  EXPECT_EQ(d.push(0x98), "");
  EXPECT_EQ(d.push(0x80), "\xF0\x9F\x98\x80");
  EXPECT_EQ(d.pending_bytes(), 0u);
  EXPECT_EQ(d.flush(), "");
}

TEST(IncrementalDecoder, BrokenSequencesBecomeReplacementCharacters) {
  IncrementalDecoder d(tiny());
  EXPECT_EQ(d.push(0xE2), "");
  EXPECT_EQ(d.push(0x82), "");
  EXPECT_EQ(d.push('A'),
            "\xEF\xBF\xBD"
            "A");                           // the next byte cannot continue it: out at once
  EXPECT_EQ(d.push(0xFF), "\xEF\xBF\xBD");  // never valid: not held back
  EXPECT_EQ(d.push(0xF0), "");
  EXPECT_EQ(d.flush(), "\xEF\xBF\xBD");  // the stream ended inside a character
  EXPECT_EQ(d.push(260), "hello");       // and the decoder starts over
}

TEST(IncrementalDecoder, SkipsSpecialTokensOnRequest) {
  IncrementalDecoder keep(tiny()), skip(tiny(), true);
  EXPECT_EQ(keep.push(277), "<|im_end|>");
  EXPECT_EQ(skip.push(277), "");
  EXPECT_EQ(skip.push(278), "<tool>");  // added but not special
}

TEST(IncrementalDecoder, ConcatenationEqualsDecode) {
  std::mt19937 rng(42);
  for (int round = 0; round < 3000; ++round) {
    std::vector<int32_t> ids(rng() % 10);
    for (auto& id : ids) id = static_cast<int32_t>(rng() % 280);  // includes added tokens and one unknown id
    for (bool skip : {false, true}) {
      IncrementalDecoder d(tiny(), skip);
      std::string streamed;
      for (int32_t id : ids) {
        const std::string piece = d.push(id);
        EXPECT_TRUE(utf8::is_valid(piece));
        streamed += piece;
        EXPECT_LE(d.pending_bytes(), 3u);
      }
      streamed += d.flush();
      ASSERT_EQ(streamed, tiny().decode(ids, skip)) << "round " << round;
    }
  }
}
