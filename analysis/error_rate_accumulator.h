#pragma once
// Corpus WER and CER, streamed one utterance at a time.
//
// Convention (steermoe.md §5.2-5.3): per utterance, tokens from transcript_tokens.h (jiwer's default
// transform, no normalisation unless ErrorRateOptions::normalize_english), a minimum-edit alignment
// (edit_alignment.h), and a micro-averaged corpus rate Σ(S+D+I) / Σ(S+D+H). An utterance with an empty
// reference (after the transform) is scored, not rejected as jiwer would: its hypothesis tokens are
// insertions, it adds nothing to the denominator, and its own rate is +inf (0 if the hypothesis is
// empty too). The corpus rate is +inf only if every reference is empty and some hypothesis is not.

#include <cstdint>
#include <string>

#include "analysis/edit_alignment.h"

namespace steerscope::analysis {

enum class ErrorUnit { kWord, kCharacter };

struct ErrorRateOptions {
  ErrorUnit unit = ErrorUnit::kWord;
  bool normalize_english = false;  // normalize_english() on both sides before tokenising
  bool keep_alignment = true;      // add() returns the aligned tokens; off saves the O(n·m) back-pointers
};

struct UtteranceErrors {
  EditCounts counts;
  std::vector<AlignedToken> alignment;  // empty unless ErrorRateOptions::keep_alignment
  double rate() const { return counts.rate(); }
};

class ErrorRateAccumulator {
 public:
  explicit ErrorRateAccumulator(ErrorRateOptions options = {});

  // Scores one utterance and adds it to the corpus totals.
  UtteranceErrors add(const std::string& reference, const std::string& hypothesis);

  // Tokens under this accumulator's unit and normalisation (what add() aligns).
  std::vector<std::string> tokens(const std::string& text) const;

  const ErrorRateOptions& options() const { return options_; }
  const EditCounts& totals() const { return totals_; }
  int64_t utterances() const { return utterances_; }
  int64_t empty_references() const { return empty_references_; }
  double corpus_rate() const { return totals_.rate(); }

 private:
  ErrorRateOptions options_;
  EditCounts totals_;
  int64_t utterances_ = 0;
  int64_t empty_references_ = 0;
};

}  // namespace steerscope::analysis
