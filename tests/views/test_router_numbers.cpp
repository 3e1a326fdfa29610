// The numbers the router panes and chart clicks rest on, checked without a window: column means and
// dominant experts, the frames a chart cell selects, and per-frame divergence under a matching.
#include <gtest/gtest.h>

#include "views/frame_divergence.h"
#include "views/frame_selection.h"
#include "views/router_column.h"

using namespace steerscope;
using namespace steerscope::views;

namespace {

RouterTrace trace(const std::vector<std::vector<float>>& rows, double rate = 50.0) {
  RouterTrace t;
  t.frame_rate_hz = rate;
  t.probs = FloatMatrix(int64_t(rows.size()), int64_t(rows[0].size()));
  for (size_t f = 0; f < rows.size(); ++f)
    for (size_t e = 0; e < rows[f].size(); ++e) t.probs.at(int64_t(f), int64_t(e)) = rows[f][e];
  t.valid_frames = int64_t(rows.size());
  return t;
}

}  // namespace

TEST(RouterColumn, AveragesTheFramesWhoseCentresFallInTheColumn) {
  const RouterTrace t = trace({{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}});  // 20 ms frames
  RouterColumn c;
  // [0.015, 0.055): centres 0.03 and 0.05 -> frames 1 and 2.
  ASSERT_TRUE(routerColumn(t, 0.015, 0.055, c));
  EXPECT_EQ(c.first_frame, 1);
  EXPECT_EQ(c.end_frame, 3);
  EXPECT_FLOAT_EQ(c.mean[1], 1.0f);
  EXPECT_EQ(c.dominant, 1);
  EXPECT_DOUBLE_EQ(c.confidence, 1.0);
  // A column narrower than a frame shows the frame under its middle.
  ASSERT_TRUE(routerColumn(t, 0.061, 0.062, c));
  EXPECT_EQ(c.first_frame, 3);
  EXPECT_EQ(c.frames(), 1);
  // Whole span: mean of all four.
  ASSERT_TRUE(routerColumn(t, 0.0, 0.08, c));
  EXPECT_FLOAT_EQ(c.mean[1], 0.5f);
  EXPECT_NEAR(c.confidence, (0.5 - 1.0 / 3) / (1 - 1.0 / 3), 1e-6);
  EXPECT_FALSE(routerColumn(t, 0.2, 0.3, c));  // past the end
}

TEST(RouterColumn, TiesGoToTheLowestExpertAndUniformMeansNoConfidence) {
  RouterColumn c;
  ASSERT_TRUE(routerColumn(trace({{0.25f, 0.25f, 0.25f, 0.25f}}), 0.0, 0.02, c));
  EXPECT_EQ(c.dominant, 0);
  EXPECT_DOUBLE_EQ(c.confidence, 0.0);
}

TEST(FrameSelection, SelectsTheStretchesWhereTheExpertDominatesTheLabel) {
  UtteranceRecord u;
  u.layers.push_back(
      trace({{0.9f, 0.1f}, {0.8f, 0.2f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.6f, 0.4f}, {0.9f, 0.1f}}, 10.0));
  // Frames at 10 Hz: [0, 0.1), [0.1, 0.2), ...
  u.tiers.push_back({"phones",
                     AlignmentTier::Kind::kInterval,
                     {{0.0, 0.25, "AA1"}, {0.25, 0.45, "S"}, {0.45, 0.6, "IY1"}}});
  analysis::FrameLabelSpec spec;  // phone classes of "phones"
  const auto vowels = matchingFrameRanges(u, 0, 0, spec, "vowel");
  // Frames 0,1 (vowel, expert 0), frame 2 is vowel but expert 1, frames 3 (fricative), 4,5 vowel+e0.
  ASSERT_EQ(vowels.size(), 2u);
  EXPECT_NEAR(vowels[0].start_s, 0.0, 1e-12);
  EXPECT_NEAR(vowels[0].end_s, 0.2, 1e-12);
  EXPECT_NEAR(vowels[1].start_s, 0.4, 1e-12);
  EXPECT_NEAR(vowels[1].end_s, 0.6, 1e-12);
  const auto any_label = matchingFrameRanges(u, 0, 1, spec, "");
  ASSERT_EQ(any_label.size(), 1u);
  EXPECT_NEAR(any_label[0].start_s, 0.2, 1e-12);
  EXPECT_TRUE(matchingFrameRanges(u, 0, 0, spec, "nasal").empty());
  EXPECT_TRUE(matchingFrameRanges(u, 3, 0, spec, "vowel").empty());  // no such layer
}

TEST(FrameDivergence, IsZeroUnderTheRightMatchingAndPositiveWithout) {
  const RouterTrace a = trace({{0.7f, 0.2f, 0.1f}, {0.1f, 0.1f, 0.8f}});
  const RouterTrace b = trace({{0.2f, 0.1f, 0.7f}, {0.1f, 0.8f, 0.1f}});  // a with experts 0->2, 1->0, 2->1
  const std::vector<int> matching = {2, 0, 1};
  const auto matched = frameDivergenceBits(a, b, &matching);
  const auto raw = frameDivergenceBits(a, b);
  for (size_t f = 0; f < 2; ++f) {
    EXPECT_NEAR(matched[f], 0.0f, 1e-6f);
    EXPECT_GT(raw[f], 0.1f);
  }
}
