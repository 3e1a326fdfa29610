#pragma once
// How differently two routers route the same audio: two recordings of the same utterances made with
// two checkpoints (or with and without an intervention), compared layer by layer and frame by frame.
//
// Per layer (LayerRouterDivergence):
//  - the Jensen-Shannon divergence between the two probability vectors of each frame, in bits (so in
//    [0, 1]), averaged over frames; with expert indices taken as they are ("identity"), and, when a
//    matching is given, after reading B's expert matching[i] as A's expert i;
//  - co-occurrence: soft, C[i][j] = mean over frames of p_A(i)·p_B(j) (a joint distribution over expert
//    pairs), and hard, counts of (dominant in A, dominant in B);
//  - the Hungarian matching maximising Σ_i C[i][matching(i)]. For two routers that route identically up
//    to a relabelling σ of the experts, σ is this matching's optimum: Σ_i p(i)·p(σ'(i)) <= Σ_i p(i)² by
//    Cauchy-Schwarz for every other relabelling σ', with equality only where p is invariant under it.
//  - the share of frames on which the dominant experts agree (identity, and under the given matching).
// The JS divergence after the co-occurrence matching needs that matching before the frames are seen,
// i.e. a second pass (checkpoint_comparison.h drives it). Frames are paired by time (frame_time_map.h)
// should the layers' frame rates differ; only frames that count in both recordings are used
// (valid frames, unless include_padding).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct LayerRouterDivergence {
  int layer = 0;
  int64_t frames = 0;
  double mean_js_bits = 0.0;
  std::optional<double> mean_js_bits_matched;        // when a matching was given for this layer
  std::vector<double> cooccurrence;                  // [E * E], row = A's expert, column = B's; sums to 1
  std::vector<int64_t> dominant_cooccurrence;        // [E * E]
  std::vector<int> cooccurrence_matching;            // [E]: A's expert i <-> B's expert matching[i]
  double dominant_agreement = 0.0;                   // share of frames with dominant_A == dominant_B
  std::optional<double> dominant_agreement_matched;  // dominant_B == matching[dominant_A]
};

class RouterDivergenceAccumulator {
 public:
  // matchings: per layer, the expert matching under which to compute the matched statistics (empty for
  // none; a layer's entry may be empty too).
  explicit RouterDivergenceAccumulator(bool include_padding = false,
                                       std::vector<std::vector<int>> matchings = {});

  // Throws steerscope::Error if the utterance ids differ, or the layers or experts do not line up.
  void add(const UtteranceRecord& a, const UtteranceRecord& b);
  void add(const std::vector<RouterTrace>& a, const std::vector<RouterTrace>& b,
           const std::string& utterance_id = "");

  std::vector<LayerRouterDivergence> result() const;
  int experts() const { return experts_; }

 private:
  struct LayerState {
    int layer = 0;
    int64_t frames = 0;
    double js_sum = 0.0;
    double js_matched_sum = 0.0;
    std::vector<double> cooccurrence_sum;
    std::vector<int64_t> dominant_counts;
  };

  bool include_padding_;
  std::vector<std::vector<int>> matchings_;
  int experts_ = 0;
  std::vector<LayerState> layers_;
};

}  // namespace steerscope::analysis
