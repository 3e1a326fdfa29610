#include "analysis/intervention_effect_accumulator.h"

#include <cmath>

#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

ErrorRateOptions counts_only(ErrorRateOptions o) {
  o.keep_alignment = false;
  return o;
}

RoutingStatsOptions routing_options(bool include_padding) {
  RoutingStatsOptions o;
  o.include_padding = include_padding;
  return o;
}

std::vector<std::string> id_tokens(const std::vector<int64_t>& ids) {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int64_t id : ids) tokens.push_back(std::to_string(id));
  return tokens;
}

}  // namespace

InterventionEffectAccumulator::InterventionEffectAccumulator(InterventionEffectOptions options)
    : options_(options),
      divergence_(options.include_padding),
      original_routing_(routing_options(options.include_padding)),
      intervened_routing_(routing_options(options.include_padding)),
      text_(counts_only(options.transcript_errors)),
      original_reference_(counts_only(options.transcript_errors)),
      intervened_reference_(counts_only(options.transcript_errors)) {}

void InterventionEffectAccumulator::add(const UtteranceRecord& original, const UtteranceRecord& intervened) {
  if (original.id != intervened.id)
    throw Error("intervention effect: utterance '" + original.id +
                "' is paired with the intervened run of '" + intervened.id + "'");
  for (size_t l = 0; l < original.layers.size() && l < intervened.layers.size(); ++l)
    if (original.layers[l].layer != intervened.layers[l].layer)
      throw Error("utterance '" + original.id + "': trace " + std::to_string(l) + " is layer " +
                  std::to_string(original.layers[l].layer) + " in the original run and layer " +
                  std::to_string(intervened.layers[l].layer) + " in the intervened one");
  divergence_.add(original, intervened);
  original_routing_.add(original);
  intervened_routing_.add(intervened);
  ++utterances_;
  if (original.output && intervened.output) {
    ++with_output_;
    const GeneratedText& a = *original.output;
    const GeneratedText& b = *intervened.output;
    if (a.text == b.text) ++identical_text_;
    if (a.token_ids == b.token_ids) ++identical_tokens_;
    text_.add(a.text, b.text);
    tokens_ += count_edits(id_tokens(a.token_ids), id_tokens(b.token_ids));
    if (!original.reference_text.empty()) {
      ++with_reference_;
      original_reference_.add(original.reference_text, a.text);
      intervened_reference_.add(original.reference_text, b.text);
    }
  }
}

InterventionEffect InterventionEffectAccumulator::result() const {
  InterventionEffect r;
  r.experts = divergence_.experts();
  r.utterances = utterances_;
  const auto divergence = divergence_.result();
  const RoutingStats before = original_routing_.result();
  const RoutingStats after = intervened_routing_.result();
  for (size_t l = 0; l < divergence.size(); ++l) {
    LayerInterventionEffect e;
    e.layer = divergence[l].layer;
    e.frames = divergence[l].frames;
    e.js_bits = divergence[l].mean_js_bits;
    e.dominant_agreement = divergence[l].dominant_agreement;
    if (l < before.layers.size() && l < after.layers.size()) {
      const LayerRoutingStats& b = before.layers[l];
      const LayerRoutingStats& a = after.layers[l];
      e.mean_probability_original = b.mean_probability;
      e.mean_probability_intervened = a.mean_probability;
      e.dominant_share_original = b.dominant_share;
      e.dominant_share_intervened = a.dominant_share;
      e.mean_frame_entropy_original_nats = b.mean_frame_entropy_nats;
      e.mean_frame_entropy_intervened_nats = a.mean_frame_entropy_nats;
      double l1 = 0.0;
      for (size_t k = 0; k < b.mean_probability.size() && k < a.mean_probability.size(); ++k)
        l1 += std::abs(a.mean_probability[k] - b.mean_probability[k]);
      e.load_total_variation = 0.5 * l1;
    }
    r.layers.push_back(std::move(e));
  }
  InterventionTranscripts& t = r.transcripts;
  t.utterances = with_output_;
  t.identical_text = identical_text_;
  t.identical_tokens = identical_tokens_;
  t.text_against_original = text_.totals();
  t.tokens_against_original = tokens_;
  t.with_reference = with_reference_;
  t.original_against_reference = original_reference_.totals();
  t.intervened_against_reference = intervened_reference_.totals();
  return r;
}

}  // namespace steerscope::analysis
