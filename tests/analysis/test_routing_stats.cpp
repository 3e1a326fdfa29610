// Routing statistics on traces small enough to work out by hand: load, entropies, margins, balance,
// persistence, delta norms, the valid-frames rule (and the reference's padded averaging as an option),
// and layer-to-layer transitions across different frame rates.

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/routing_stats_accumulator.h"
#include "core/util/error.h"
#include "tests/analysis/synthetic_routing.h"

namespace steerscope::analysis {
namespace {

using test::peaked_trace;
using test::trace_from_rows;

// 4 valid frames, then 2 padding frames routed to expert 1.
RouterTrace two_expert_trace() {
  RouterTrace t = trace_from_rows(0, {{1, 0}, {1, 0}, {0, 1}, {0.5f, 0.5f}, {0, 1}, {0, 1}}, 4);
  t.delta_norm = {1, 2, 3, 4, 100, 100};
  return t;
}

TEST(RoutingStats, ValidFramesOnlyByDefault) {
  RoutingStatsAccumulator acc;
  acc.add(std::vector<RouterTrace>{two_expert_trace()});
  const RoutingStats s = acc.result();
  ASSERT_EQ(s.layers.size(), 1u);
  const LayerRoutingStats& l = s.layers[0];
  EXPECT_EQ(l.frames, 4);
  // Mean probabilities over the 4 valid frames: (1 + 1 + 0 + 0.5) / 4 and (0 + 0 + 1 + 0.5) / 4.
  EXPECT_DOUBLE_EQ(l.mean_probability[0], 0.625);
  EXPECT_DOUBLE_EQ(l.mean_probability[1], 0.375);
  // Dominant: 0, 0, 1, and the tie on frame 3 goes to the lower index.
  EXPECT_DOUBLE_EQ(l.dominant_share[0], 0.75);
  EXPECT_DOUBLE_EQ(l.dominant_share[1], 0.25);
  // Per-frame entropies 0, 0, 0, ln 2.
  EXPECT_NEAR(l.mean_frame_entropy_nats, std::log(2.0) / 4, 1e-12);
  EXPECT_NEAR(l.mean_frame_entropy_normalized, 0.25, 1e-12);
  EXPECT_NEAR(l.entropy_of_mean_nats, -(0.625 * std::log(0.625) + 0.375 * std::log(0.375)), 1e-12);
  // Margins 1, 1, 1, 0.
  EXPECT_DOUBLE_EQ(l.mean_top2_margin, 0.75);
  EXPECT_EQ(l.margin_histogram.back(), 3);
  EXPECT_EQ(l.margin_histogram.front(), 1);
  // Balance: std of (0.625, 0.375) is 0.125 around a mean of 0.5.
  EXPECT_NEAR(l.load_cv, 0.25, 1e-12);
  EXPECT_NEAR(l.dominant_share_cv, 0.5, 1e-12);
  // Runs of the dominant expert: [0 0] [1] [0] -> 3 runs, mean 4/3 frames = 4/3 * 20 ms.
  EXPECT_EQ(l.persistence.runs, 3);
  EXPECT_NEAR(l.persistence.mean_frames, 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(l.persistence.mean_seconds, 4.0 / 3.0 / 50.0, 1e-12);
  EXPECT_EQ(l.persistence.longest_frames, 2);
  EXPECT_EQ(l.persistence.histogram[0], 2);  // two runs of length 1
  EXPECT_EQ(l.persistence.histogram[1], 1);  // one of length 2
  EXPECT_EQ(l.expert_runs, (std::vector<int64_t>{2, 1}));
  EXPECT_DOUBLE_EQ(l.expert_mean_run_frames[0], 1.5);
  // Delta norms of the valid frames: 1, 2, 3, 4.
  EXPECT_EQ(l.delta_norm.frames, 4);
  EXPECT_DOUBLE_EQ(l.delta_norm.mean, 2.5);
  EXPECT_NEAR(l.delta_norm.std, std::sqrt(1.25), 1e-12);
  EXPECT_DOUBLE_EQ(l.delta_norm.min, 1.0);
  EXPECT_DOUBLE_EQ(l.delta_norm.max, 4.0);
  ASSERT_EQ(l.delta_norm.mean_by_second.size(), 1u);
  EXPECT_DOUBLE_EQ(l.delta_norm.mean_by_second[0], 2.5);
}

TEST(RoutingStats, IncludePaddingReproducesTheReferenceAverages) {
  RoutingStatsOptions o;
  o.include_padding = true;
  RoutingStatsAccumulator acc(o);
  acc.add(std::vector<RouterTrace>{two_expert_trace()});
  const LayerRoutingStats l = acc.result().layers[0];
  EXPECT_EQ(l.frames, 6);
  EXPECT_DOUBLE_EQ(l.mean_probability[0], 2.5 / 6);
  EXPECT_DOUBLE_EQ(l.mean_probability[1], 3.5 / 6);
  // Dominant 0 0 1 0 1 1: runs of 2, 1, 1, 2.
  EXPECT_EQ(l.persistence.runs, 4);
  EXPECT_DOUBLE_EQ(l.delta_norm.max, 100.0);
}

TEST(RoutingStats, AccumulatesOverUtterancesWithoutJoiningRuns) {
  RoutingStatsAccumulator acc;
  acc.add(std::vector<RouterTrace>{peaked_trace(0, {1, 1, 1}, 3)});
  acc.add(std::vector<RouterTrace>{peaked_trace(0, {1, 1, 2}, 3)});
  const LayerRoutingStats l = acc.result().layers[0];
  EXPECT_EQ(l.frames, 6);
  EXPECT_EQ(l.utterances, 2);
  EXPECT_DOUBLE_EQ(l.dominant_share[1], 5.0 / 6.0);
  // A run never continues across utterances: [1 1 1] | [1 1] [2].
  EXPECT_EQ(l.persistence.runs, 3);
  EXPECT_EQ(l.persistence.longest_frames, 3);
  EXPECT_EQ(l.delta_norm.frames, 0);  // no delta norms recorded
  EXPECT_TRUE(std::isnan(l.delta_norm.mean_by_position[0]));
}

TEST(RoutingStats, UniformRouterHasMaximalEntropyAndNoImbalance) {
  RoutingStatsAccumulator acc;
  std::vector<std::vector<float>> rows(10, std::vector<float>(4, 0.25f));
  acc.add(std::vector<RouterTrace>{trace_from_rows(0, rows, 10)});
  const LayerRoutingStats l = acc.result().layers[0];
  EXPECT_NEAR(l.mean_frame_entropy_normalized, 1.0, 1e-6);
  EXPECT_NEAR(l.entropy_of_mean_normalized, 1.0, 1e-6);
  EXPECT_NEAR(l.load_cv, 0.0, 1e-6);
  EXPECT_DOUBLE_EQ(l.mean_top2_margin, 0.0);
}

TEST(RoutingStats, TransitionsPairFramesByTimeAcrossFrameRates) {
  // Layer 0 at 50 Hz, 8 frames: experts 0 0 0 0 1 1 1 1. Layer 1 after 4x pooling, 12.5 Hz, 2 frames:
  // experts 1 0. Frames 0-3 of layer 0 lie under pooled frame 0, frames 4-7 under pooled frame 1.
  RoutingStatsAccumulator acc;
  acc.add({peaked_trace(0, {0, 0, 0, 0, 1, 1, 1, 1}, 2, 50.0), peaked_trace(1, {1, 0}, 2, 12.5)});
  const RoutingStats s = acc.result();
  ASSERT_EQ(s.transitions.size(), 1u);
  const LayerTransitionStats& t = s.transitions[0];
  EXPECT_EQ(t.frames, 8);
  EXPECT_EQ(t.counts, (std::vector<int64_t>{0, 4, 4, 0}));  // 0 -> 1 four times, 1 -> 0 four times
  EXPECT_DOUBLE_EQ(t.probabilities[1], 1.0);
  EXPECT_NEAR(t.nmi, 1.0, 1e-12);  // layer 1's choice is determined by layer 0's
  EXPECT_NEAR(t.conditional_entropy_nats, 0.0, 1e-12);
  // Persistence in seconds uses each layer's own rate: one 80 ms frame per run at layer 1.
  EXPECT_NEAR(s.layers[1].persistence.mean_seconds, 0.08, 1e-12);
}

TEST(RoutingStats, TransitionsSkipFramesPastTheOtherLayersValidRange) {
  RouterTrace a = peaked_trace(0, {0, 0, 1, 1}, 2);
  RouterTrace b = peaked_trace(1, {1, 1, 0, 0}, 2);
  b.valid_frames = 2;
  RoutingStatsAccumulator acc;
  acc.add({a, b});
  EXPECT_EQ(acc.result().transitions[0].counts, (std::vector<int64_t>{0, 2, 0, 0}));
}

TEST(RoutingStats, RejectsInconsistentUtterances) {
  RoutingStatsAccumulator acc;
  acc.add(std::vector<RouterTrace>{peaked_trace(0, {0, 1}, 2)});
  EXPECT_THROW(acc.add(std::vector<RouterTrace>{peaked_trace(0, {0, 1}, 3)}, "utt7"), Error);  // experts
  EXPECT_THROW(acc.add({peaked_trace(0, {0}, 2), peaked_trace(1, {0}, 2)}), Error);            // layers
  EXPECT_THROW(acc.add(std::vector<RouterTrace>{peaked_trace(0, {0, 1}, 2, 25.0)}), Error);    // rate
  RouterTrace bad = peaked_trace(0, {0, 1}, 2);
  bad.valid_frames = 3;
  EXPECT_THROW(acc.add(std::vector<RouterTrace>{bad}), Error);
  bad = peaked_trace(0, {0, 1}, 2);
  bad.delta_norm = {1.0f};
  try {
    acc.add(std::vector<RouterTrace>{bad}, "utt9");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("utt9"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("delta_norm"), std::string::npos) << e.what();
  }
  EXPECT_EQ(acc.utterances(), 1);  // the rejected ones left the totals alone
  EXPECT_EQ(acc.result().layers[0].frames, 2);
}

}  // namespace
}  // namespace steerscope::analysis
