#pragma once
// What the experts specialise in: per layer, the association between the dominant expert (and the
// router's probabilities) and frame labels (phones, phone classes, words, speakers), over a corpus
// streamed one utterance at a time.
//
// Per layer (LayerAssociation):
//  - soft table: each labelled frame adds its probability vector to its label's column;
//    hard table: each labelled frame adds 1 to (dominant expert, label). (contingency_table.h)
//  - for both: mutual information, NMI (geometric: I / sqrt(H(E)·H(L)); arithmetic alongside), purity,
//    each expert's top labels with share and lift, each label's distribution over experts;
//  - a permutation test of the hard NMI against chance (labelled_frame_reservoir.h: rotations of the
//    label sequence within utterances, or shuffles of utterance labels for per-utterance labels),
//    deterministic for a given seed.
// Only frames [0, valid_frames) count unless include_padding (the reference's averages include
// padding); frames without a label are left out of everything.
//
// Memory: the tables are O(layers × experts × labels); the permutation test keeps at most
// max_test_utterances utterances in run-length form. Neither grows with the corpus beyond that.
// One accumulator handles one labelling; analyse phones and speakers with two accumulators.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/contingency_table.h"
#include "analysis/frame_labeler.h"
#include "analysis/labelled_frame_reservoir.h"
#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct AssociationOptions {
  bool include_padding = false;
  int top_labels = 5;             // labels listed per expert
  double min_label_frames = 0.0;  // labels with fewer frames overall are left out of the top lists
  int permutations = 199;         // 0 turns the permutation test off
  uint64_t seed = 1;
  int64_t max_test_utterances = 1000;  // reservoir capacity for the permutation test
  PermutationScheme scheme = PermutationScheme::kAuto;
  int threads = 1;  // layers tested in parallel at result(); 0 = hardware concurrency
};

struct LayerAssociation {
  int layer = 0;
  double frame_rate_hz = 0.0;
  int64_t frames = 0;     // labelled frames counted
  ContingencyTable soft;  // [E x labels]
  ContingencyTable hard;  // [E x labels]
  ContingencySummary soft_summary;
  ContingencySummary hard_summary;
  std::optional<PermutationTestResult> permutation_test;
};

struct AssociationResult {
  std::string labelling;            // FrameLabelSpec::description()
  std::vector<std::string> labels;  // label names by id (table columns)
  int experts = 0;
  int64_t utterances = 0;                 // utterances added
  int64_t utterances_without_labels = 0;  // had no tier (or speaker) to label with
  int64_t unlabelled_frames = 0;          // counted frames (layer 0) no label covered, or silence skipped
  std::vector<LayerAssociation> layers;
};

class ExpertLabelAssociationAccumulator {
 public:
  explicit ExpertLabelAssociationAccumulator(FrameLabelSpec spec, AssociationOptions options = {});

  // Labels the utterance's frames from its tiers (FrameLabeler) and adds them.
  void add(const UtteranceRecord& utterance);

  // Frames labelled by the caller: labels[l] holds one id per row of layers[l].probs, each an id of
  // vocabulary() or -1 for "no label". Throws steerscope::Error on a shape mismatch or unknown id.
  void add(const std::vector<RouterTrace>& layers, const std::vector<std::vector<int32_t>>& labels,
           const std::string& utterance_id = "");

  LabelVocabulary& vocabulary() { return labeler_.vocabulary(); }
  const LabelVocabulary& vocabulary() const { return labeler_.vocabulary(); }

  // Summaries and permutation tests (the expensive part: O(permutations × stored runs) per layer).
  AssociationResult result() const;

  int64_t utterances() const { return utterances_; }
  size_t reservoir_bytes() const { return reservoir_.memory_bytes(); }

 private:
  struct LayerState {
    int layer = 0;
    double frame_rate_hz = 0.0;
    int64_t frames = 0;
    ContingencyTable soft, hard;
  };

  FrameLabeler labeler_;
  AssociationOptions options_;
  int experts_ = 0;
  int64_t utterances_ = 0;
  int64_t without_labels_ = 0;
  int64_t unlabelled_frames_ = 0;
  std::vector<LayerState> layers_;
  LabelledFrameReservoir reservoir_;
  std::vector<std::vector<int32_t>> label_scratch_;
};

}  // namespace steerscope::analysis
