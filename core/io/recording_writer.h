#pragma once
// Writes a recording (docs/recording-format.md) one whole utterance at a time.
//
// Crash safety. After write() returns, the utterance is on disk in a state that survives the process
// being killed (SIGKILL, OOM killer, a cluster job running out of time): the file opens and every
// utterance whose write() returned reads back intact; at most the utterance in flight is lost. Not
// covered: power loss or a kernel crash before the page cache reaches the disk (no fsync per utterance;
// it would cost tens of milliseconds each on network file systems).
//
// How, in brief (details in docs/recording-format.md, "Crash safety"):
//  - The file is built complete but empty under a temporary name and renamed into place, so a crash during
//    creation leaves either no file or an empty recording.
//  - It is then reopened in HDF5's single-writer/multiple-reader mode (SWMR, HDF5 >= 1.10): every object
//    exists before the first utterance, and from then on the writer only extends datasets. SWMR orders
//    metadata writes so that the file on disk is always readable by a concurrent reader, which is also
//    what is left on disk when the writer is killed.
//  - An utterance is appended to every dataset, the file is flushed, and only then is its row written to
//    /utterances/index with a commit marker and a CRC, and flushed again. Rows without a valid marker (the
//    remains of an utterance in flight) are ignored by readers and overwritten when appending.
//  - Compressed data of one utterance never shares an HDF5 chunk with another utterance (each utterance
//    starts on a chunk boundary), so a committed chunk is never rewritten or moved; small uncompressed
//    tables (index rows, strings, tokens) may share chunks, and rewriting those in place writes the
//    committed bytes unchanged.
//
// A writer holds an exclusive lock (an open-file-description lock, released when the process dies) so
// that two processes cannot append to one file; readers are not blocked and may read while it writes.

#include <memory>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

// Creation-time layout choices; stored in the file and reported by RecordingReader::options().
struct RecordingOptions {
  // Rows of every utterance's log_mel; 0: the recording stores no log-mel.
  int n_mels = 0;
  // 0 (no compression) .. 9; applies to the log-mel and the router tensors. Level 1 saves ~16% of the
  // disk at ~15x the CPU time of writing and reading (docs/recording-format.md, "Performance").
  int deflate_level = 1;
  // HDF5 chunk lengths along the frame axes: [n_mels, 256] = 128 KiB at 128 mels, [512, E] = 16 KiB at
  // E = 8. Every utterance starts on a chunk boundary, so shorter chunks waste less padding on short
  // utterances and longer ones need fewer reads.
  int64_t mel_chunk_frames = 256;
  int64_t router_chunk_frames = 512;
  // create(): replace an existing file instead of failing. Not stored.
  bool overwrite = false;

  bool operator==(const RecordingOptions& o) const {
    return n_mels == o.n_mels && deflate_level == o.deflate_level && mel_chunk_frames == o.mel_chunk_frames &&
           router_chunk_frames == o.router_chunk_frames;
  }
};

class RecordingWriter {
 public:
  // Creates a new recording. Throws Error if path exists (unless options.overwrite), if the model
  // constants are inconsistent (sizes vs L, E, D), or on I/O failure.
  static RecordingWriter create(const std::string& path, const RunInfo& run, const ModelConstants& constants,
                                const RecordingOptions& options);
  // Opens an existing recording to append to it (resuming a run that stopped or was killed); size() and
  // completed_ids() then say which utterances are done. The remains of an utterance that was in flight
  // are ignored, and a file whose writer was killed is repaired first (HDF5's "open for writing" mark and
  // stale end-of-file address; see docs/recording-format.md). Throws Error if the file is not a recording,
  // was written with a newer schema, or is being written by another process.
  static RecordingWriter append(const std::string& path);

  RecordingWriter(RecordingWriter&&) noexcept;
  RecordingWriter& operator=(RecordingWriter&&) noexcept;
  ~RecordingWriter();  // closes; errors on close are swallowed, call close() to see them

  // Appends one utterance and makes it durable (see above). The utterance must have a non-empty id not yet
  // in the file, exactly L router layers in layer order with [frames, E] probabilities, delta_norm empty or
  // [frames], log_mel empty or [n_mels, frames], token_logprobs as long as token_ids, and finite tier
  // times; otherwise Error naming the utterance and field, and nothing is written. After an I/O error the
  // writer refuses further writes (reopen with append()).
  void write(const UtteranceRecord& utterance);

  // Closes the file (clearing HDF5's "open for writing" mark). Further writes throw.
  void close();

  const std::string& path() const;
  const RunInfo& run_info() const;
  const ModelConstants& model_constants() const;
  const RecordingOptions& options() const;
  size_t size() const;                                    // utterances completely written
  const std::vector<std::string>& completed_ids() const;  // in file order
  bool contains(const std::string& id) const;

 private:
  struct Impl;
  explicit RecordingWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace steerscope
