#pragma once
// A recording as the workbench holds it: either an HDF5 file (RecordingReader; utterances are read on
// request, so opening a large file costs only its index) or utterances produced in this session by a
// live run (kept in memory until saved). Views and analyses see the same interface either way, which is
// how a live run, a saved run and a run made on a cluster are shown by the same code.
//
// Thread safety: const member functions may be called from any thread (analyses run in workers);
// append() must not run concurrently with readers.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {
class RecordingReader;
}

namespace steerscope::views {

struct UtteranceEntry {
  std::string id;
  std::string speaker;
  double duration_s = 0.0;
  bool has_output = false;
};

class RecordingDocument {
 public:
  // Opens an HDF5 recording. Throws steerscope::Error naming the file.
  static std::shared_ptr<RecordingDocument> open(const std::string& path);
  // A recording made in this session; name is what the user sees ("live run 1").
  static std::shared_ptr<RecordingDocument> inMemory(std::string name, RunInfo run, ModelConstants constants);

  ~RecordingDocument();

  bool isFile() const { return reader_ != nullptr; }
  const std::string& path() const { return path_; }  // empty for in-memory documents
  const std::string& name() const { return name_; }  // file name or the given name
  std::string directory() const;                     // of the file; empty in memory
  const RunInfo& runInfo() const { return run_; }
  const ModelConstants& constants() const { return constants_; }
  bool hasConstants() const { return constants_.layers > 0 && constants_.experts > 0; }

  size_t size() const { return entries_.size(); }
  const std::vector<UtteranceEntry>& entries() const { return entries_; }
  std::optional<size_t> find(const std::string& id) const;
  // Everything stored for one utterance. Throws steerscope::Error for an index out of range.
  UtteranceRecord read(size_t index) const;
  // Parts of one utterance, for showing a long utterance before all of it is read (utterance_loader.h).
  std::vector<AlignmentTier> readTiers(size_t index) const;
  RouterTrace readLayer(size_t index, int layer) const;
  // Frame rate of a layer for an utterance, without reading its routing (0 when unknown).
  double layerFrameRate(size_t index, int layer) const;

  // In-memory documents only: adds an utterance (replacing one with the same id). Throws otherwise.
  void append(UtteranceRecord utterance);
  // Writes every utterance to a new HDF5 recording (replacing path). Throws steerscope::Error.
  void saveAs(const std::string& path) const;

 private:
  RecordingDocument() = default;
  std::string path_, name_;
  std::unique_ptr<RecordingReader> reader_;
  RunInfo run_;
  ModelConstants constants_;
  std::vector<UtteranceEntry> entries_;
  std::vector<UtteranceRecord> records_;  // in-memory documents
};

using RecordingDocumentPtr = std::shared_ptr<RecordingDocument>;

}  // namespace steerscope::views
