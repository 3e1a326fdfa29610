#pragma once
// How two checkpoints differ on the same audio: steering parameters (steering_comparison.h), routing
// (router_divergence_accumulator.h) and transcripts (WER of B's output against A's, and of each against
// the reference text when the recordings carry one).
//
// Two expert matchings are reported per layer, because expert indices are arbitrary across training
// runs: one from the steering vectors (cosine similarity; available before any audio is seen, so the JS
// divergence under it comes from the first pass) and one from routing co-occurrence (known only after
// the first pass; the JS divergence under it needs a second pass over the same utterances).
// CheckpointComparisonAccumulator exposes the passes; compare_checkpoints() drives them over a
// rewindable source, which is all the `compare` command has to do.

#include <cstdint>
#include <optional>
#include <vector>

#include "analysis/error_rate_accumulator.h"
#include "analysis/router_divergence_accumulator.h"
#include "analysis/steering_comparison.h"
#include "analysis/utterance_source.h"
#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct CheckpointComparisonOptions {
  bool include_padding = false;
  ErrorRateOptions transcript_errors;  // unit and normalisation for the transcript comparisons
};

struct LayerCheckpointComparison {
  int layer = 0;
  int64_t frames = 0;
  double js_bits = 0.0;                                // expert indices as they are
  std::optional<SteeringLayerComparison> steering;     // when both checkpoints' constants are known
  std::optional<double> js_bits_steering_matched;      // after the steering-vector matching
  std::vector<int> cooccurrence_matching;              // [E]
  std::optional<double> js_bits_cooccurrence_matched;  // after the co-occurrence matching (2nd pass)
  std::optional<bool> matchings_agree;                 // steering and co-occurrence matchings equal
  double dominant_agreement = 0.0;
  std::optional<double> dominant_agreement_steering_matched;
  std::optional<double> dominant_agreement_cooccurrence_matched;
  std::vector<double> cooccurrence;            // [E * E]
  std::vector<int64_t> dominant_cooccurrence;  // [E * E]
};

struct TranscriptComparison {
  int64_t utterances = 0;      // utterances where both recordings have output text
  int64_t identical = 0;       // of those, with byte-identical text
  EditCounts b_against_a;      // A's text as reference, B's as hypothesis
  int64_t with_reference = 0;  // utterances that also have a reference text
  EditCounts a_against_reference;
  EditCounts b_against_reference;
};

struct CheckpointComparison {
  int experts = 0;
  int64_t utterances = 0;
  bool second_pass = false;  // whether js_bits_cooccurrence_matched was computed
  std::vector<LayerCheckpointComparison> layers;
  TranscriptComparison transcripts;
};

class CheckpointComparisonAccumulator {
 public:
  // a_constants / b_constants may be null when a recording lacks them; the steering matching is then
  // absent. Throws steerscope::Error if both are given and their shapes differ.
  CheckpointComparisonAccumulator(const ModelConstants* a_constants, const ModelConstants* b_constants,
                                  CheckpointComparisonOptions options = {});

  // First pass: everything except the JS divergence under the co-occurrence matching.
  void add(const UtteranceRecord& a, const UtteranceRecord& b);

  // Fixes the co-occurrence matchings from the first pass; afterwards add_second_pass() accumulates the
  // JS divergence under them (feed the same utterances again).
  void begin_second_pass();
  void add_second_pass(const UtteranceRecord& a, const UtteranceRecord& b);

  CheckpointComparison result() const;

 private:
  CheckpointComparisonOptions options_;
  std::vector<SteeringLayerComparison> steering_;
  RouterDivergenceAccumulator first_;
  std::optional<RouterDivergenceAccumulator> second_;
  ErrorRateAccumulator between_;
  ErrorRateAccumulator a_reference_;
  ErrorRateAccumulator b_reference_;
  int64_t utterances_ = 0;
  int64_t with_text_ = 0;
  int64_t identical_ = 0;
  int64_t with_reference_ = 0;
};

// Both passes over source (the second only if it can rewind).
CheckpointComparison compare_checkpoints(UtterancePairSource& source, const ModelConstants* a_constants,
                                         const ModelConstants* b_constants,
                                         const CheckpointComparisonOptions& options = {});

}  // namespace steerscope::analysis
