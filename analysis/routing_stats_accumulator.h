#pragma once
// Per-layer routing statistics over a corpus, one utterance at a time (memory independent of the
// number of utterances: O(layers · experts² + histogram bins)).
//
// Which frames count: by default only frames [0, RouterTrace::valid_frames), the frames that cover real
// audio. The reference's get_steering_analysis (steermoe.md §6) averages over the whole padded 30-s
// window, padding included; RoutingStatsOptions::include_padding reproduces that.
//
// Per layer (LayerRoutingStats):
//  - expert load: mean probability per expert, and the share of frames on which each expert dominates
//    (argmax, lowest index on ties);
//  - router entropy, nats: the mean over frames of the per-frame entropy (how undecided the router is on
//    a frame), and the entropy of the mean distribution (how evenly the load spreads; the reference's
//    "expert_diversity"); each also divided by ln E, so 1 means uniform;
//  - top-1 minus top-2 probability margin: mean and a histogram over [0, 1];
//  - load balance: coefficient of variation (population std / mean) of the mean probabilities across
//    experts (0 = perfectly balanced), and the same for the dominant shares;
//  - persistence: runs of consecutive frames with the same dominant expert, within an utterance: count,
//    mean length in frames and seconds, longest, a histogram of lengths, and the mean length per expert;
//  - steering delta norm ||scale_l · probs · V_l|| (when recorded): mean, std, min, max, and profiles
//    over time: by relative position in the utterance (bins of equal share of its counted frames) and
//    by absolute time (one-second bins).
// Between consecutive layers (LayerTransitionStats): counts of (dominant expert at l, dominant expert
// at l+1) on the same stretch of audio. Layers can run at different frame rates after pooling, so
// frames are paired by time: each frame of the faster layer is paired with the frame of the slower
// layer that contains its centre (frame_time_map.h); only pairs where both frames count are used.
// Expert indices of different layers are unrelated (each layer has its own steering vectors), so the
// diagonal means nothing in itself; the NMI and H(next | previous) say how predictable layer l+1's
// choice is from layer l's.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct RoutingStatsOptions {
  bool include_padding = false;
  int run_length_bins = 32;  // persistence histogram: bin k-1 counts runs of length k; the last bin, >= bins
  int margin_bins = 10;      // histogram of top-1 - top-2 margins, equal bins over [0, 1]
  int delta_norm_position_bins = 10;
};

struct RunLengthStats {
  int64_t runs = 0;
  double mean_frames = 0.0;
  double mean_seconds = 0.0;
  int64_t longest_frames = 0;
  std::vector<int64_t> histogram;  // [run_length_bins]
};

struct DeltaNormStats {
  int64_t frames = 0;  // frames with a recorded delta norm (0 if the recording has none)
  double mean = 0.0;
  double std = 0.0;  // population standard deviation
  double min = 0.0;
  double max = 0.0;
  std::vector<double> mean_by_position;  // [delta_norm_position_bins]: relative position in the utterance
  std::vector<double> mean_by_second;    // [longest utterance in whole seconds]: absolute time; NaN if empty
};

struct LayerRoutingStats {
  int layer = 0;
  double frame_rate_hz = 0.0;
  int64_t utterances = 0;
  int64_t frames = 0;
  std::vector<double> mean_probability;  // [E]
  std::vector<double> dominant_share;    // [E]
  double mean_frame_entropy_nats = 0.0;
  double entropy_of_mean_nats = 0.0;
  double mean_frame_entropy_normalized = 0.0;  // / ln E (0 when E == 1)
  double entropy_of_mean_normalized = 0.0;
  double mean_top2_margin = 0.0;
  std::vector<int64_t> margin_histogram;  // [margin_bins]
  double load_cv = 0.0;
  double dominant_share_cv = 0.0;
  RunLengthStats persistence;
  std::vector<int64_t> expert_runs;            // [E]: runs on which expert e dominates
  std::vector<double> expert_mean_run_frames;  // [E]: their mean length (0 if none)
  DeltaNormStats delta_norm;
};

struct LayerTransitionStats {
  int from_layer = 0;
  int to_layer = 0;
  int64_t frames = 0;                 // paired frames
  std::vector<int64_t> counts;        // [E * E], row = dominant at from_layer, column = at to_layer
  std::vector<double> probabilities;  // [E * E], rows normalised: P(next = j | previous = i); 0 rows stay 0
  double nmi = 0.0;                   // geometric NMI between the two dominant-expert sequences
  double conditional_entropy_nats = 0.0;  // H(next | previous)
};

struct RoutingStats {
  int experts = 0;
  int64_t utterances = 0;
  bool include_padding = false;
  std::vector<LayerRoutingStats> layers;
  std::vector<LayerTransitionStats> transitions;  // [layers - 1]
};

class RoutingStatsAccumulator {
 public:
  explicit RoutingStatsAccumulator(RoutingStatsOptions options = {});

  void add(const UtteranceRecord& utterance);
  // The traces of one utterance, in layer order. utterance_id only names it in error messages.
  // Throws steerscope::Error if the number of layers or experts, or a layer's frame rate, differs from
  // earlier utterances, or a trace is malformed (valid_frames > rows, delta_norm of the wrong length).
  void add(const std::vector<RouterTrace>& layers, const std::string& utterance_id = "");

  RoutingStats result() const;
  int64_t utterances() const { return utterances_; }

 private:
  struct LayerState {
    int layer = 0;  // RouterTrace::layer of the first utterance
    double frame_rate_hz = 0.0;
    int64_t utterances = 0;
    int64_t frames = 0;
    std::vector<double> prob_sum;
    std::vector<int64_t> dominant_count;
    double entropy_sum = 0.0;
    double margin_sum = 0.0;
    std::vector<int64_t> margin_histogram;
    int64_t runs = 0;
    int64_t run_frames = 0;
    double run_seconds = 0.0;
    int64_t longest_run = 0;
    std::vector<int64_t> run_histogram;
    std::vector<int64_t> expert_runs;
    std::vector<int64_t> expert_run_frames;
    int64_t delta_frames = 0;
    double delta_sum = 0.0, delta_sum_sq = 0.0, delta_min = 0.0, delta_max = 0.0;
    std::vector<double> delta_position_sum;
    std::vector<int64_t> delta_position_count;
    std::vector<double> delta_second_sum;
    std::vector<int64_t> delta_second_count;
  };

  int64_t counted_frames(const RouterTrace& t) const;
  void add_layer(LayerState& s, const RouterTrace& t, int64_t n, std::vector<int32_t>& dominant);
  void add_transition(size_t l, const RouterTrace& a, int64_t na, const std::vector<int32_t>& da,
                      const RouterTrace& b, int64_t nb, const std::vector<int32_t>& db);

  RoutingStatsOptions options_;
  int experts_ = 0;
  int64_t utterances_ = 0;
  std::vector<LayerState> layers_;
  std::vector<std::vector<int64_t>> transitions_;  // [layers - 1][E * E]
  std::vector<std::vector<int32_t>> dominant_scratch_;
};

}  // namespace steerscope::analysis
