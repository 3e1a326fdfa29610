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

std::string findRecordedFile(const std::string& path, const std::string& recording_dir, std::string* tried) {
  namespace fs = std::filesystem;
  const fs::path given(path);
  std::vector<fs::path> candidates = {given};
  if (!recording_dir.empty()) {
    if (given.is_relative()) candidates.push_back(fs::path(recording_dir) / given);
    std::vector<fs::path> parts(given.begin(), given.end());
    fs::path suffix;
    for (size_t k = 0; k < 3 && k < parts.size(); ++k) {
      suffix = suffix.empty() ? parts[parts.size() - 1 - k] : parts[parts.size() - 1 - k] / suffix;
      candidates.push_back((fs::path(recording_dir) / suffix).lexically_normal());
    }
  }
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c.string();
    if (tried) *tried += (tried->empty() ? "" : "; ") + c.string() + ": not found";
  }
  return {};
}

std::shared_ptr<const SourceAudio> loadSourceAudio(const UtteranceRecord& utterance,
                                                   const std::string& recording_dir, std::string* why) {
  if (utterance.source_path.empty()) {
    if (why) *why = "the recording names no source audio for utterance " + utterance.id;
    return nullptr;
  }
  std::string tried;
  const std::string path = findRecordedFile(utterance.source_path, recording_dir, &tried);
  if (!path.empty()) {
    try {
      AudioBuffer buffer = load_audio(path, 16000);
      return makeSourceAudio(std::move(buffer.samples), buffer.sample_rate, path);
    } catch (const Error& e) {
      tried = e.what();
    }
  }
  if (why) *why = tried;
  return nullptr;
}

}  // namespace steerscope::views
