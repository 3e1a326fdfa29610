#include "analysis/error_rate_accumulator.h"

#include "analysis/transcript_tokens.h"

namespace steerscope::analysis {

ErrorRateAccumulator::ErrorRateAccumulator(ErrorRateOptions options) : options_(options) {}

std::vector<std::string> ErrorRateAccumulator::tokens(const std::string& text) const {
  const std::string t = options_.normalize_english ? normalize_english(text) : text;
  return options_.unit == ErrorUnit::kWord ? word_tokens(t) : character_tokens(t);
}

UtteranceErrors ErrorRateAccumulator::add(const std::string& reference, const std::string& hypothesis) {
  const auto ref = tokens(reference);
  const auto hyp = tokens(hypothesis);
  UtteranceErrors u;
  if (options_.keep_alignment) {
    EditAlignment a = align_tokens(ref, hyp);
    u.counts = a.counts;
    u.alignment = std::move(a.tokens);
  } else {
    u.counts = count_edits(ref, hyp);
  }
  totals_ += u.counts;
  ++utterances_;
  if (ref.empty()) ++empty_references_;
  return u;
}

}  // namespace steerscope::analysis
