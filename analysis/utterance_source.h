#pragma once
// Where the corpus-level analyses read utterances from, one at a time. The HDF5 recording reader (or a
// live pipeline) implements these; the analysis library stays free of HDF5. A source that cannot rewind
// (a live run) gets one-pass results: see compare_checkpoints().

#include "core/io/recording_types.h"

namespace steerscope::analysis {

class UtteranceSource {
 public:
  virtual ~UtteranceSource() = default;
  // Fills the next utterance; false at the end. The record is reused between calls, so a source can
  // keep its buffers.
  virtual bool next(UtteranceRecord& utterance) = 0;
};

class UtterancePairSource {
 public:
  virtual ~UtterancePairSource() = default;
  // Fills the next pair of recordings of the same utterance (A's and B's); false at the end.
  virtual bool next(UtteranceRecord& a, UtteranceRecord& b) = 0;
  // Starts again from the first pair; returns false if the source cannot.
  virtual bool rewind() = 0;
};

}  // namespace steerscope::analysis
