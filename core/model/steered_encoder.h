#pragma once
// The SteerMoE encoder: the frozen Whisper encoder with layer-wise steering (steermoe.md §1.2), pooling,
// the final LayerNorm after pooling, and the projector into the LLM's embedding space:
//
//   x = embed(mel)
//   for l in 0..L-1:
//     y = layer_l(x)
//     p = softmax(router(y)[l*E:(l+1)*E])            (router reads the un-steered layer output)
//     x = y + layer_scales[l] * p · steering_vectors[l]
//     if l + 1 == pooling position: x = pool(x)      (zero right-padding, max over k frames)
//   audio_prompts = prompt_proj(final_layer_norm(x))
//
// With steering disabled (or a projector-only checkpoint) the same code path is the reference's linear
// baseline: layers -> pool -> LayerNorm -> projector. Without a checkpoint at all it is the plain encoder
// (plus pooling) and the prompts are the encoder states.
//
// One window at a time: mel [n_mels, F] -> T = ceil(F/2) frames, pooled to ceil(T/k). Hook points and
// interventions: see hook_registry.h and intervention.h.

#include <torch/torch.h>

#include <memory>

#include "core/model/hook_registry.h"
#include "core/model/intervention.h"
#include "core/model/packed_linear.h"
#include "core/model/pooling.h"
#include "core/model/steering_checkpoint.h"
#include "core/model/whisper_encoder.h"

namespace steerscope {

class SteeredEncoder {
 public:
  // steering may be null. Throws Error if the checkpoint does not fit the encoder or the pooling position
  // is beyond the last layer.
  SteeredEncoder(std::shared_ptr<const WhisperEncoder> encoder, std::shared_ptr<const SteeringCheckpoint> steering,
                 const PoolingConfig& pooling, bool apply_steering = true);

  struct Window {
    torch::Tensor hidden;   // [T', D] fp32: after pooling and the final LayerNorm
    torch::Tensor prompts;  // [T', H] fp32: audio prompt embeddings
  };

  struct RunContext {
    const HookRegistry* hooks = nullptr;
    const InterventionSet* interventions = nullptr;
    int window_index = 0;
  };

  Window encode_window(const torch::Tensor& mel, const RunContext& ctx) const;
  Window encode_window(const torch::Tensor& mel) const { return encode_window(mel, RunContext{}); }

  const WhisperEncoder& encoder() const { return *encoder_; }
  const SteeringCheckpoint* steering() const { return steering_.get(); }
  bool steering_applied() const { return apply_steering_; }
  const PoolingConfig& pooling() const { return pooling_; }
  int layers() const { return encoder_->config().encoder_layers; }
  int experts() const { return steering_ && steering_->has_steering() ? steering_->experts() : 0; }
  int prompt_dim() const { return proj_.defined() ? static_cast<int>(proj_.out_features()) : encoder_->config().d_model; }

  // Frames that layer l (0-based) and its router see for a window of F log-mel frames, and their rate in
  // Hz given the log-mel rate (100 Hz for Whisper): ceil(F/2) at 50 Hz up to and including the layer
  // after which pooling happens (its router reads the frames before pooling), pooled for later layers.
  int64_t layer_frames(int layer, int64_t mel_frames) const;
  double layer_frame_rate(int layer, double mel_rate_hz = 100.0) const;
  // Frames of the encoder output (audio prompts) for a window of F log-mel frames.
  int64_t output_frames(int64_t mel_frames) const;

 private:
  std::shared_ptr<const WhisperEncoder> encoder_;
  std::shared_ptr<const SteeringCheckpoint> steering_;
  PoolingConfig pooling_;
  int pool_position_ = 0;  // 1-based, 0 = none
  bool apply_steering_ = false;
  std::vector<PackedLinear> routers_;   // per layer: [E, D] slice of the router
  std::vector<PackedLinear> steerers_;  // per layer: steering_vectors[l]ᵀ as a [D, E] linear map
  std::vector<float> layer_scales_;
  PackedLinear proj_;
};

}  // namespace steerscope
