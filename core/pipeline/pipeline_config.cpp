#include "core/pipeline/pipeline_config.h"

#include <filesystem>

#include "core/model/whisper_config.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope {

PoolingConfig PipelineConfig::effective_pooling(const SteeringCheckpoint* steering) const {
  if (pooling) return *pooling;
  if (steering && steering->pooling_hint()) return *steering->pooling_hint();
  return PoolingConfig{};  // max, k=4, after the last layer: the reference's behaviour since commit a40dc71
}

LogMelConfig front_end_config(const std::string& encoder_dir, std::optional<double> window_seconds) {
  LogMelConfig c;
  const fs::path pre = fs::path(encoder_dir) / "preprocessor_config.json";
  if (fs::exists(pre)) {
    c = LogMelConfig::from_preprocessor_config(pre.string());
  } else {
    c.n_mels = WhisperConfig::from_file(encoder_dir).num_mel_bins;
  }
  if (window_seconds) {
    if (*window_seconds <= 0) throw Error("window length must be positive, got " + std::to_string(*window_seconds) + " s");
    c.window_seconds = *window_seconds;
  }
  return c;
}

std::shared_ptr<const UtteranceEncoder> load_utterance_encoder(const PipelineConfig& config) {
  if (config.encoder_dir.empty()) throw Error("no encoder given (a Whisper directory in Hugging Face layout)");
  auto encoder = WhisperEncoder::load(config.encoder_dir, config.exec);
  std::shared_ptr<const SteeringCheckpoint> steering;
  if (!config.steering_path.empty())
    steering = std::make_shared<const SteeringCheckpoint>(SteeringCheckpoint::load(config.steering_path));
  auto steered = std::make_shared<const SteeredEncoder>(encoder, steering, config.effective_pooling(steering.get()),
                                                         config.apply_steering);
  auto front_end = std::make_shared<const LogMelFrontEnd>(front_end_config(config.encoder_dir, config.window_seconds));
  return std::make_shared<const UtteranceEncoder>(steered, front_end);
}

}  // namespace steerscope
