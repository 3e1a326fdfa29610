#include "views/recording_document.h"

#include <filesystem>

#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/util/error.h"

namespace steerscope::views {

namespace {
UtteranceEntry entryOf(const UtteranceRecord& u) {
  return {u.id, u.speaker, u.duration_s, u.output.has_value()};
}
}  // namespace

std::shared_ptr<RecordingDocument> RecordingDocument::open(const std::string& path) {
  std::shared_ptr<RecordingDocument> doc(new RecordingDocument);
  doc->reader_ = std::make_unique<RecordingReader>(path);
  doc->path_ = path;
  doc->name_ = std::filesystem::path(path).filename().string();
  doc->run_ = doc->reader_->run_info();
  doc->constants_ = doc->reader_->model_constants();
  for (const auto& info : doc->reader_->infos())
    doc->entries_.push_back({info.id, info.speaker, info.duration_s, info.has_output});
  return doc;
}

std::shared_ptr<RecordingDocument> RecordingDocument::inMemory(std::string name, RunInfo run,
                                                               ModelConstants constants) {
  std::shared_ptr<RecordingDocument> doc(new RecordingDocument);
  doc->name_ = std::move(name);
  doc->run_ = std::move(run);
  doc->constants_ = std::move(constants);
  return doc;
}

RecordingDocument::~RecordingDocument() = default;

std::string RecordingDocument::directory() const {
  return path_.empty() ? std::string() : std::filesystem::path(path_).parent_path().string();
}

std::optional<size_t> RecordingDocument::find(const std::string& id) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].id == id) return i;
  return std::nullopt;
}

UtteranceRecord RecordingDocument::read(size_t index) const {
  if (index >= entries_.size())
    throw Error(name_ + ": utterance " + std::to_string(index) + " does not exist (the recording has " +
                std::to_string(entries_.size()) + ")");
  if (reader_) return reader_->read(index);
  return records_[index];
}

std::vector<AlignmentTier> RecordingDocument::readTiers(size_t index) const {
  if (reader_) return reader_->read_tiers(index);
  return read(index).tiers;
}

RouterTrace RecordingDocument::readLayer(size_t index, int layer) const {
  if (reader_) return reader_->read_layer(index, layer);
  const UtteranceRecord& u = records_.at(index);
  if (layer < 0 || size_t(layer) >= u.layers.size())
    throw Error(name_ + ": utterance " + u.id + " has no layer " + std::to_string(layer));
  return u.layers[size_t(layer)];
}

double RecordingDocument::layerFrameRate(size_t index, int layer) const {
  if (reader_) {
    const auto& extents = reader_->layer_extents(layer);
    return index < extents.size() ? extents[index].frame_rate_hz : 0.0;
  }
  const UtteranceRecord& u = records_.at(index);
  return size_t(layer) < u.layers.size() ? u.layers[size_t(layer)].frame_rate_hz : 0.0;
}

void RecordingDocument::append(UtteranceRecord utterance) {
  if (reader_) throw Error(path_ + ": a recording opened from a file is read-only in the workbench");
  if (auto i = find(utterance.id)) {
    entries_[*i] = entryOf(utterance);
    records_[*i] = std::move(utterance);
    return;
  }
  entries_.push_back(entryOf(utterance));
  records_.push_back(std::move(utterance));
}

void RecordingDocument::saveAs(const std::string& path) const {
  int n_mels = 0;
  for (size_t i = 0; i < size() && n_mels == 0; ++i) {
    if (reader_) {
      n_mels = reader_->options().n_mels;
      break;
    }
    n_mels = int(records_[i].log_mel.rows);
  }
  RecordingOptions options;
  options.n_mels = n_mels;
  options.overwrite = true;
  auto writer = RecordingWriter::create(path, run_, constants_, options);
  for (size_t i = 0; i < size(); ++i) {
    UtteranceRecord u = read(i);
    if (n_mels > 0 && u.log_mel.rows != n_mels) u.log_mel = {};
    if (n_mels == 0) u.log_mel = {};
    writer.write(u);
  }
  writer.close();
}

}  // namespace steerscope::views
