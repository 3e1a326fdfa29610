#pragma once
// What an intervention (core/model/intervention.h: force or ablate an expert, scale a layer's steering)
// changes, from pairs of runs of the same utterance: the original (as recorded) and the intervened one.
//
// Per layer (LayerInterventionEffect): the JS divergence between the original and the intervened router
// distributions of each frame (bits, mean over frames; router_divergence_accumulator.h, experts taken as
// they are: an intervention does not relabel experts), the share of frames whose dominant expert is
// unchanged, and the expert load before and after (mean probability and dominant share per expert,
// routing_stats_accumulator.h), summarised as the total variation distance between the two mean
// distributions (half the L1 distance, in [0, 1]). At the intervened layer itself the recorded
// probabilities are the modified ones (the hook point sees them after the intervention), so its
// divergence is the intervention's direct effect; the layers after it show what that does downstream,
// and the layers before it must not move at all.
//
// Transcripts, over utterances where both runs have decoder output: the word (or character) error rate of
// the intervened text against the original text, the same over the generated token ids (each id one
// token; meaningful also for a decoder without a tokenizer, whose text is empty), how many are
// unchanged, and, where the reference text is known, the error rate of each against it.

#include <cstdint>
#include <vector>

#include "analysis/edit_alignment.h"
#include "analysis/error_rate_accumulator.h"
#include "analysis/router_divergence_accumulator.h"
#include "analysis/routing_stats_accumulator.h"
#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct InterventionEffectOptions {
  bool include_padding = false;        // count the frames after valid_frames too
  ErrorRateOptions transcript_errors;  // unit and normalisation of the text comparisons
};

struct LayerInterventionEffect {
  int layer = 0;
  int64_t frames = 0;                               // paired frames
  double js_bits = 0.0;                             // mean JS(original, intervened) over frames, bits
  double dominant_agreement = 0.0;                  // share of frames with the same dominant expert
  std::vector<double> mean_probability_original;    // [E]
  std::vector<double> mean_probability_intervened;  // [E]
  std::vector<double> dominant_share_original;      // [E]
  std::vector<double> dominant_share_intervened;    // [E]
  double load_total_variation = 0.0;                // 0.5 * sum_e |mean_intervened(e) - mean_original(e)|
  double mean_frame_entropy_original_nats = 0.0;
  double mean_frame_entropy_intervened_nats = 0.0;
};

struct InterventionTranscripts {
  int64_t utterances = 0;              // both runs have output
  int64_t identical_text = 0;          // byte-identical text
  int64_t identical_tokens = 0;        // identical generated ids
  EditCounts text_against_original;    // original text as reference, intervened as hypothesis
  EditCounts tokens_against_original;  // the same over token ids
  int64_t with_reference = 0;
  EditCounts original_against_reference;
  EditCounts intervened_against_reference;
};

struct InterventionEffect {
  int experts = 0;
  int64_t utterances = 0;
  std::vector<LayerInterventionEffect> layers;
  InterventionTranscripts transcripts;
};

class InterventionEffectAccumulator {
 public:
  explicit InterventionEffectAccumulator(InterventionEffectOptions options = {});

  // Throws steerscope::Error if the ids differ or the layers or experts do not line up.
  void add(const UtteranceRecord& original, const UtteranceRecord& intervened);

  InterventionEffect result() const;
  int64_t utterances() const { return utterances_; }

 private:
  InterventionEffectOptions options_;
  RouterDivergenceAccumulator divergence_;
  RoutingStatsAccumulator original_routing_;
  RoutingStatsAccumulator intervened_routing_;
  ErrorRateAccumulator text_;
  ErrorRateAccumulator original_reference_;
  ErrorRateAccumulator intervened_reference_;
  int64_t utterances_ = 0;
  int64_t with_output_ = 0;
  int64_t identical_text_ = 0;
  int64_t identical_tokens_ = 0;
  int64_t with_reference_ = 0;
  EditCounts tokens_;
};

}  // namespace steerscope::analysis
