#pragma once
// The Whisper encoder as a differentiable LibTorch graph over a batch, for training: CTC pretraining of the
// demo's encoder (its own weights trainable) and SteerMoE training (weights frozen, gradients flowing
// through the layers to the steering inserted between them). Same mathematics as the inference engine
// (core/model/whisper_encoder.h, which has packed kernels and no autograd); a test checks that both agree.
//
// Parameters use the Hugging Face encoder names without a prefix ("conv1.weight", "layers.0.fc1.bias",
// "embed_positions.weight", "layer_norm.weight"). Shapes: mel [B, n_mels, F] -> hidden [B, T, D] with
// T = ceil(F / 2) (before pooling).

#include <torch/torch.h>

#include <functional>
#include <string>

#include "core/model/pooling.h"
#include "core/model/whisper_config.h"
#include "core/train/parameter_store.h"

namespace steerscope {

class WhisperEncoderGraph {
 public:
  // params must outlive the graph. compute: precision of the products (kBFloat16 for training).
  WhisperEncoderGraph(const WhisperConfig& config, const ParameterStore& params, torch::ScalarType compute);

  // Called after each layer with its output y [B, T, D]; returns what the next layer receives (steering
  // adds its delta here). Undefined hook = identity.
  using LayerHook = std::function<torch::Tensor(int layer, const torch::Tensor& y)>;

  // Stem, layers (with the hook), pooling after the configured layer, and the final LayerNorm (unless
  // final_norm is false). Returns [B, T', D] fp32.
  torch::Tensor forward(const torch::Tensor& mel, const LayerHook& hook, const PoolingConfig& pooling,
                        bool final_norm = true) const;

  // Random initialisation for pretraining: PyTorch's Linear/Conv1d defaults, LayerNorm ones/zeros, and
  // sinusoidal positions as Whisper uses.
  static void init(ParameterStore& params, const WhisperConfig& config);
  // Writes config.json and preprocessor_config.json (chunk_length = window_seconds) for a Hugging Face
  // WhisperModel-encoder directory.
  static void write_config(const std::string& dir, const WhisperConfig& config, double window_seconds);

 private:
  const WhisperConfig config_;
  const ParameterStore& p_;
  torch::ScalarType compute_;
};

// x [B, T, D] -> [B, ceil(T/k), D]: zero right-padding and max/avg over groups of k frames (batched
// apply_pooling).
torch::Tensor pool_frames(const torch::Tensor& x, const PoolingConfig& pooling);

}  // namespace steerscope
