#pragma once
// The analyses the workbench shows, run over RecordingDocuments with the analysis library: routing
// statistics and expert × label associations over every utterance of a recording, and the checkpoint
// comparison of two recordings of the same utterances (paired by utterance id). Plain functions over
// documents; the views run them in worker threads and draw the results. Nothing here is computed in a
// widget, so the numbers are tested without one.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/checkpoint_comparison.h"
#include "analysis/corpus_analysis.h"
#include "views/recording_document.h"

namespace steerscope::views {

// The labellings the charts use, in this order.
enum LabellingIndex { kPhoneClassLabelling = 0, kPhoneLabelling = 1, kSpeakerLabelling = 2 };

struct RecordingAnalysisOptions {
  bool include_padding = false;
  int permutations = 0;  // permutation test of the NMI; 0 = off (the charts do not show p-values)
  int top_labels = 8;
};

// Progress callback: (utterances done, total); return false to cancel (throws steerscope::Cancelled).
using AnalysisProgress = std::function<bool(size_t done, size_t total)>;

// Routing statistics and the three associations (phone classes of the "phones" tier, phones, speakers)
// over every utterance of the document.
analysis::CorpusAnalysis analyzeRecording(const RecordingDocument& document,
                                          const RecordingAnalysisOptions& options,
                                          const AnalysisProgress& progress = {});

// Checkpoint comparison of the utterances both documents hold (paired by id, in A's order). Throws
// steerscope::Error when they share no utterance.
analysis::CheckpointComparison compareRecordings(const RecordingDocument& a, const RecordingDocument& b,
                                                 const AnalysisProgress& progress = {});

}  // namespace steerscope::views
