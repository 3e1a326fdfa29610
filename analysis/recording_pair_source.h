#pragma once
// An UtterancePairSource over two recordings of the same audio (e.g. made with two checkpoints): the
// utterances of A in A's file order, each paired with B's utterance of the same id. This is what
// `compare` streams through compare_checkpoints(). It rewinds, so the comparison gets its second pass.
//
// Utterances present in only one recording are skipped and counted (only_in_a(), only_in_b(), with a
// few example ids for the report). A pair whose audio visibly differs (both recordings carry the
// source's sha256 and they differ, or, lacking those, the durations differ by more than a millisecond)
// is an error: routing of different audio cannot be compared frame by frame.
//
// Memory: one pair at a time; the pairing is looked up in B's index as the pass goes, nothing is stored
// per utterance beyond what the two readers already hold.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/recording_utterance_source.h"
#include "analysis/utterance_source.h"
#include "core/io/recording_reader.h"

namespace steerscope::analysis {

class RecordingPairSource : public UtterancePairSource {
 public:
  // Both readers must outlive the source. options.layers / options.limit apply to both sides (the
  // limit counts pairs); log-mels are dropped unless options.keep_log_mel.
  RecordingPairSource(const RecordingReader& a, const RecordingReader& b,
                      RecordingSourceOptions options = {});

  bool next(UtteranceRecord& a, UtteranceRecord& b) override;
  bool rewind() override;

  size_t pairs() const { return pairs_; }  // pairs a full pass yields
  size_t only_in_a() const { return only_in_a_; }
  size_t only_in_b() const { return only_in_b_; }
  // Up to 10 ids of each kind, in file order, for messages.
  const std::vector<std::string>& example_only_in_a() const { return examples_a_; }
  const std::vector<std::string>& example_only_in_b() const { return examples_b_; }

 private:
  const RecordingReader& a_;
  const RecordingReader& b_;
  RecordingSourceOptions options_;
  size_t next_a_ = 0;   // next index of A to look at
  size_t yielded_ = 0;  // pairs yielded in this pass
  size_t pairs_ = 0;
  size_t only_in_a_ = 0;
  size_t only_in_b_ = 0;
  std::vector<std::string> examples_a_, examples_b_;
};

}  // namespace steerscope::analysis
