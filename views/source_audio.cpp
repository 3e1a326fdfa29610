#include "views/source_audio.h"

#include <filesystem>

#include "core/io/audio_file.h"
#include "core/util/error.h"

namespace steerscope::views {

std::shared_ptr<const SourceAudio> makeSourceAudio(std::vector<float> samples, int sample_rate,
                                                   std::string path) {
  auto audio = std::make_shared<SourceAudio>();
  audio->path = std::move(path);
  audio->samples = std::move(samples);
  audio->sample_rate = sample_rate;
  audio->summary = WaveformSummary(audio->samples.data(), audio->samples.size());
  return audio;
}

std::shared_ptr<const SourceAudio> loadSourceAudio(const UtteranceRecord& utterance,
                                                   const std::string& recording_dir, std::string* why) {
  namespace fs = std::filesystem;
  if (utterance.source_path.empty()) {
    if (why) *why = "the recording names no source audio for utterance " + utterance.id;
    return nullptr;
  }
  std::vector<fs::path> candidates = {fs::path(utterance.source_path)};
  if (!recording_dir.empty()) {
    const fs::path given(utterance.source_path);
    if (given.is_relative()) candidates.push_back(fs::path(recording_dir) / given);
    candidates.push_back(fs::path(recording_dir) / given.filename());
  }
  std::string tried;
  for (const auto& c : candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(c, ec)) {
      tried += (tried.empty() ? "" : "; ") + c.string() + ": not found";
      continue;
    }
    try {
      AudioBuffer buffer = load_audio(c.string(), 16000);
      return makeSourceAudio(std::move(buffer.samples), buffer.sample_rate, c.string());
    } catch (const Error& e) {
      tried += (tried.empty() ? "" : "; ") + std::string(e.what());
    }
  }
  if (why) *why = tried;
  return nullptr;
}

}  // namespace steerscope::views
