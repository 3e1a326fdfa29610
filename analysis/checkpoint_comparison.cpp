#include "analysis/checkpoint_comparison.h"

#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

std::vector<SteeringLayerComparison> steering_of(const ModelConstants* a, const ModelConstants* b) {
  if (!a || !b) return {};
  return compare_steering(*a, *b);
}

std::vector<std::vector<int>> matchings_of(const std::vector<SteeringLayerComparison>& steering) {
  std::vector<std::vector<int>> m;
  m.reserve(steering.size());
  for (const auto& s : steering) m.push_back(s.matching);
  return m;
}

ErrorRateOptions counts_only(ErrorRateOptions o) {
  o.keep_alignment = false;
  return o;
}

}  // namespace

CheckpointComparisonAccumulator::CheckpointComparisonAccumulator(const ModelConstants* a_constants,
                                                                 const ModelConstants* b_constants,
                                                                 CheckpointComparisonOptions options)
    : options_(options),
      steering_(steering_of(a_constants, b_constants)),
      first_(options.include_padding, matchings_of(steering_)),
      between_(counts_only(options.transcript_errors)),
      a_reference_(counts_only(options.transcript_errors)),
      b_reference_(counts_only(options.transcript_errors)) {}

void CheckpointComparisonAccumulator::add(const UtteranceRecord& a, const UtteranceRecord& b) {
  if (second_) throw Error("checkpoint comparison: add() after begin_second_pass(); use add_second_pass()");
  first_.add(a, b);
  if (!steering_.empty() && a.layers.size() != steering_.size())
    throw Error("utterance '" + a.id + "': " + std::to_string(a.layers.size()) +
                " router layers, the checkpoints have " + std::to_string(steering_.size()));
  ++utterances_;
  if (a.output && b.output) {
    ++with_text_;
    if (a.output->text == b.output->text) ++identical_;
    between_.add(a.output->text, b.output->text);
    // The reference text is a property of the audio; take A's, which must then agree with B's if set.
    if (!a.reference_text.empty()) {
      ++with_reference_;
      a_reference_.add(a.reference_text, a.output->text);
      b_reference_.add(a.reference_text, b.output->text);
    }
  }
}

void CheckpointComparisonAccumulator::begin_second_pass() {
  std::vector<std::vector<int>> matchings;
  for (const auto& d : first_.result()) matchings.push_back(d.cooccurrence_matching);
  second_.emplace(options_.include_padding, std::move(matchings));
}

void CheckpointComparisonAccumulator::add_second_pass(const UtteranceRecord& a, const UtteranceRecord& b) {
  if (!second_) throw Error("checkpoint comparison: add_second_pass() before begin_second_pass()");
  second_->add(a, b);
}

CheckpointComparison CheckpointComparisonAccumulator::result() const {
  CheckpointComparison r;
  r.experts = first_.experts();
  r.utterances = utterances_;
  const auto first = first_.result();
  std::vector<LayerRouterDivergence> second;
  if (second_) second = second_->result();
  r.second_pass = second_.has_value() && second.size() == first.size();
  for (size_t l = 0; l < first.size(); ++l) {
    const LayerRouterDivergence& d = first[l];
    LayerCheckpointComparison c;
    c.layer = d.layer;
    c.frames = d.frames;
    c.js_bits = d.mean_js_bits;
    c.cooccurrence_matching = d.cooccurrence_matching;
    c.dominant_agreement = d.dominant_agreement;
    c.cooccurrence = d.cooccurrence;
    c.dominant_cooccurrence = d.dominant_cooccurrence;
    if (l < steering_.size()) {
      c.steering = steering_[l];
      c.js_bits_steering_matched = d.mean_js_bits_matched;
      c.dominant_agreement_steering_matched = d.dominant_agreement_matched;
      c.matchings_agree = steering_[l].matching == d.cooccurrence_matching;
    }
    if (r.second_pass) {
      c.js_bits_cooccurrence_matched = second[l].mean_js_bits_matched;
      c.dominant_agreement_cooccurrence_matched = second[l].dominant_agreement_matched;
    }
    r.layers.push_back(std::move(c));
  }
  r.transcripts.utterances = with_text_;
  r.transcripts.identical = identical_;
  r.transcripts.b_against_a = between_.totals();
  r.transcripts.with_reference = with_reference_;
  r.transcripts.a_against_reference = a_reference_.totals();
  r.transcripts.b_against_reference = b_reference_.totals();
  return r;
}

CheckpointComparison compare_checkpoints(UtterancePairSource& source, const ModelConstants* a_constants,
                                         const ModelConstants* b_constants,
                                         const CheckpointComparisonOptions& options) {
  CheckpointComparisonAccumulator acc(a_constants, b_constants, options);
  UtteranceRecord a, b;
  while (source.next(a, b)) acc.add(a, b);
  if (source.rewind()) {
    acc.begin_second_pass();
    while (source.next(a, b)) acc.add_second_pass(a, b);
  }
  return acc.result();
}

}  // namespace steerscope::analysis
