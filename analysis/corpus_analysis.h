#pragma once
// One streaming pass over a recording: routing statistics, expert × label associations for any number
// of labellings, and the text metrics of the decoder output against the reference text. This is the
// whole of what the `analyze` command computes; it only has to open the recording and print.

#include <cstdint>
#include <vector>

#include "analysis/error_rate_accumulator.h"
#include "analysis/expert_label_association.h"
#include "analysis/routing_stats_accumulator.h"
#include "analysis/utterance_source.h"

namespace steerscope::analysis {

struct CorpusAnalysisOptions {
  RoutingStatsOptions routing;
  std::vector<FrameLabelSpec> labellings;  // one association analysis each (e.g. phone classes, speakers)
  AssociationOptions association;
  ErrorRateOptions text_errors;  // unit and normalisation for output vs reference_text
};

struct TextMetrics {
  int64_t utterances = 0;  // with both a decoder output and a reference text
  EditCounts errors;       // WER or CER per CorpusAnalysisOptions::text_errors
  int64_t qa_correct = 0;  // the reference's Clotho-AQA rule (qa_accuracy_accumulator.h), same pairs
  double qa_accuracy = 0.0;
};

struct CorpusAnalysis {
  int64_t utterances = 0;
  RoutingStats routing;
  std::vector<AssociationResult> associations;  // in the order of CorpusAnalysisOptions::labellings
  TextMetrics text;
};

// Streams the source once through all accumulators.
class CorpusAnalyzer {
 public:
  explicit CorpusAnalyzer(CorpusAnalysisOptions options);
  void add(const UtteranceRecord& utterance);
  CorpusAnalysis result() const;

 private:
  CorpusAnalysisOptions options_;
  RoutingStatsAccumulator routing_;
  std::vector<ExpertLabelAssociationAccumulator> associations_;
  ErrorRateAccumulator text_errors_;
  int64_t utterances_ = 0;
  int64_t qa_correct_ = 0;
};

CorpusAnalysis analyze_corpus(UtteranceSource& source, const CorpusAnalysisOptions& options);

}  // namespace steerscope::analysis
