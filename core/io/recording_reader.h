#pragma once
// Reads a recording (docs/recording-format.md): the viewer case (one utterance, everything) and the
// corpus case (one layer of every utterance, streamed with bounded memory).
//
// Opening reads the run information, the model constants, the utterance index and the utterance names
// (about 150 bytes per utterance); tensors, transcripts and tiers are read on request. A file whose writer
// is still running or was killed opens too (HDF5 SWMR read mode); the reader then sees the utterances that
// were complete when it opened, and ignores the remains of one in flight.
//
// Thread safety: const member functions may be called from several threads; HDF5 calls are serialised.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/io/recording_types.h"
#include "core/io/recording_writer.h"

namespace steerscope {

// What can be known about an utterance without reading its matrices.
struct UtteranceInfo {
  size_t index = 0;  // position in the recording
  std::string id;
  std::string speaker;
  double duration_s = 0.0;
  int source_sample_rate = 0;
  int64_t log_mel_frames = -1;  // -1: no log-mel stored
  double log_mel_frame_rate_hz = 0.0;
  bool has_output = false;
  int64_t token_count = 0;
};

// One layer's row of the layer index: where an utterance's trace lies and how long it is.
struct LayerExtent {
  int64_t offset = 0;  // first row in /router/layer_NN/probs
  int64_t frames = 0;
  int64_t valid_frames = 0;
  int64_t delta_norm_frames = 0;  // 0 when no delta norms were recorded, else == frames
  double frame_rate_hz = 0.0;
};

class RecordingReader {
 public:
  // Throws Error naming the path if the file cannot be opened, is not a recording, or is of a newer schema.
  explicit RecordingReader(const std::string& path);
  ~RecordingReader();
  RecordingReader(RecordingReader&&) noexcept;
  RecordingReader& operator=(RecordingReader&&) noexcept;

  const std::string& path() const;
  int schema_version() const;
  std::string writer_version() const;  // SteerScope version that created the file
  const RunInfo& run_info() const;
  const ModelConstants& model_constants() const;
  const RecordingOptions& options() const;  // n_mels, chunking and compression as created

  size_t size() const;  // complete utterances
  const std::vector<std::string>& ids() const;
  std::optional<size_t> find(const std::string& id) const;
  const UtteranceInfo& info(size_t index) const;  // cheap: no file access
  const std::vector<UtteranceInfo>& infos() const;
  // Where every utterance's trace lies in one layer ([size()]); reads that layer's index once, then cached.
  const std::vector<LayerExtent>& layer_extents(int layer) const;

  // Everything stored for one utterance. Throws Error for an index out of range or an unknown id.
  UtteranceRecord read(size_t index) const;
  UtteranceRecord read(const std::string& id) const;
  // Parts of one utterance.
  RouterTrace read_layer(size_t index, int layer) const;
  FloatMatrix read_log_mel(size_t index) const;  // [n_mels, frames], or empty when none was stored
  std::vector<AlignmentTier> read_tiers(size_t index) const;

  // Streams one layer of every utterance, in file order: fn(utterance index, trace) is called once per
  // utterance, reading only that layer's rows, so memory stays at one utterance's trace however large the
  // recording. The trace passed to fn is valid only during the call (it is reused). An exception thrown
  // by fn (e.g. Cancelled) stops the stream and propagates.
  using LayerCallback = std::function<void(size_t utterance, const RouterTrace& trace)>;
  void for_each_in_layer(int layer, const LayerCallback& fn) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace steerscope
