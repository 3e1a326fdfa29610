#include "analysis/recording_utterance_source.h"

#include <algorithm>

#include "core/util/error.h"

namespace steerscope::analysis {

RecordingUtteranceSource::RecordingUtteranceSource(const RecordingReader& reader,
                                                   RecordingSourceOptions options)
    : reader_(reader), options_(std::move(options)) {
  const int layers = reader_.model_constants().layers;
  std::sort(options_.layers.begin(), options_.layers.end());
  options_.layers.erase(std::unique(options_.layers.begin(), options_.layers.end()), options_.layers.end());
  for (int l : options_.layers)
    if (l < 0 || l >= layers)
      throw Error(reader_.path() + ": layer " + std::to_string(l) + " does not exist (the recording has " +
                  std::to_string(layers) + " router layers, 0-" + std::to_string(layers - 1) + ")");
  size_ = options_.limit > 0 ? std::min(options_.limit, reader_.size()) : reader_.size();
}

bool RecordingUtteranceSource::next(UtteranceRecord& utterance) {
  if (position_ >= size_) return false;
  utterance = reader_.read(position_++);
  if (!options_.keep_log_mel) utterance.log_mel = FloatMatrix();
  if (!options_.layers.empty()) keep_layers(utterance, options_.layers);
  return true;
}

void keep_layers(UtteranceRecord& utterance, const std::vector<int>& layers) {
  std::vector<RouterTrace> kept;
  kept.reserve(layers.size());
  for (int l : layers) {
    auto it = std::find_if(utterance.layers.begin(), utterance.layers.end(),
                           [l](const RouterTrace& t) { return t.layer == l; });
    if (it == utterance.layers.end())
      throw Error("utterance '" + utterance.id + "' has no router trace for layer " + std::to_string(l));
    kept.push_back(std::move(*it));
  }
  utterance.layers = std::move(kept);
}

}  // namespace steerscope::analysis
