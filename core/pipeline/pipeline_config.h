#pragma once
// What a run of the steered pipeline is built from: checkpoint paths and the options that checkpoints do
// not record (pooling, padding, window length, device, precision). The CLI and the workbench both fill
// one of these and call load_*(), so that a run means the same thing everywhere.

#include <memory>
#include <optional>
#include <string>

#include "core/audio/log_mel_front_end.h"
#include "core/model/execution_config.h"
#include "core/model/pooling.h"
#include "core/pipeline/utterance_encoder.h"

namespace steerscope {

struct PipelineConfig {
  std::string encoder_dir;    // Hugging Face Whisper directory (config.json, model.safetensors)
  std::string steering_path;  // SteerMoE checkpoint; empty = plain encoder, no projector
  std::string decoder_dir;    // Qwen2/LLaMA directory; empty = encoder only
  std::optional<PoolingConfig> pooling;  // unset: the checkpoint's steermoe_config.json, else max k=4 after the last layer
  bool apply_steering = true;            // false = the reference's linear baseline on a steered checkpoint
  MelPadding padding = MelPadding::kPadToWindow;
  std::optional<double> window_seconds;  // unset: chunk_length of preprocessor_config.json (30 s)
  ExecutionConfig exec;

  // The pooling a run will use, after applying the defaults above.
  PoolingConfig effective_pooling(const SteeringCheckpoint* steering) const;
  std::string padding_name() const { return padding == MelPadding::kPadToWindow ? "30s" : "none"; }
};

// The front end for an encoder directory: preprocessor_config.json if present, else Whisper defaults with
// num_mel_bins from config.json; window_seconds overrides chunk_length.
LogMelConfig front_end_config(const std::string& encoder_dir, std::optional<double> window_seconds);

// Loads the encoder, the steering checkpoint and the front end. Throws Error naming the file at fault.
std::shared_ptr<const UtteranceEncoder> load_utterance_encoder(const PipelineConfig& config);

}  // namespace steerscope
