#pragma once
// An UtteranceSource over an HDF5 recording (core/io/recording_reader.h): the utterances of the file, in
// file order, one at a time. This is what `analyze` streams through analyze_corpus().
//
// Memory: one utterance at a time, whatever the length of the recording. The reader itself keeps its
// utterance index (about 150 bytes per utterance) from the moment it opens; nothing else grows with the
// corpus. Everything is read with RecordingReader::read(), log-mel included, and the log-mel is dropped
// straight away unless asked for (none of the analyses use it).
//
// A subset of layers can be chosen (e.g. `analyze --layer 12`): the record then holds only those traces,
// in ascending layer order, and every downstream statistic (and permutation test) covers only them.

#include <cstddef>
#include <vector>

#include "analysis/utterance_source.h"
#include "core/io/recording_reader.h"

namespace steerscope::analysis {

struct RecordingSourceOptions {
  std::vector<int> layers;    // 0-based layers to keep; empty = all
  size_t limit = 0;           // stop after this many utterances; 0 = all
  bool keep_log_mel = false;  // keep UtteranceRecord::log_mel (otherwise cleared after reading)
};

class RecordingUtteranceSource : public UtteranceSource {
 public:
  // The reader must outlive the source. Throws steerscope::Error naming the recording if a requested
  // layer does not exist.
  explicit RecordingUtteranceSource(const RecordingReader& reader, RecordingSourceOptions options = {});

  bool next(UtteranceRecord& utterance) override;
  void rewind() { position_ = 0; }

  size_t size() const { return size_; }  // utterances this source yields in a full pass
  size_t position() const { return position_; }

 private:
  const RecordingReader& reader_;
  RecordingSourceOptions options_;
  size_t size_ = 0;
  size_t position_ = 0;
};

// Keeps only the traces of `layers` (ascending, 0-based, as RouterTrace::layer) in the utterance.
// Throws steerscope::Error naming the utterance if one of them is missing. Shared by the recording
// sources.
void keep_layers(UtteranceRecord& utterance, const std::vector<int>& layers);

}  // namespace steerscope::analysis
