#pragma once
// The frozen Whisper encoder (Hugging Face layout; formats.md §3): a convolutional stem (conv1 k=3 s=1,
// conv2 k=3 s=2, exact GELU after each), learned positions, pre-LN transformer layers (q/v/out with bias,
// k without; q scaled by head_dim^-0.5), and the final LayerNorm. Weights are immutable after loading and
// prepared for one ExecutionConfig; the methods are const and may be called from several threads.
//
// Tensor names are accepted under any prefix that precedes "conv1.weight": "model.encoder." (a full
// WhisperForConditionalGeneration), "encoder." (WhisperModel), or the reference's
// "whisper_encoder.original_encoder.speech_encoder.".
//
// Layouts: a log-mel window is [n_mels, F] (channels first, as the feature extractor returns it); hidden
// states are [T, D] (time first, one utterance, no batch dimension) with T = ceil(F / 2) <= 1500.

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/model/execution_config.h"
#include "core/model/packed_linear.h"
#include "core/model/whisper_config.h"

namespace steerscope {

class WhisperEncoder {
 public:
  // Loads config.json and the safetensors weights from a Hugging Face model directory.
  static std::shared_ptr<const WhisperEncoder> load(const std::string& dir, const ExecutionConfig& exec);
  WhisperEncoder(const WhisperConfig& config, const TensorSource& weights, const ExecutionConfig& exec);

  const WhisperConfig& config() const { return config_; }
  const ExecutionConfig& exec() const { return exec_; }
  int64_t parameter_count() const { return parameters_; }
  const std::string& weights_description() const { return weights_description_; }

  // mel [n_mels, F] fp32 -> [ceil(F/2), D] fp32: stem plus positions 0..T-1.
  torch::Tensor embed(const torch::Tensor& mel) const;
  // One encoder layer on x [T, D] fp32 (residual stream in fp32).
  torch::Tensor layer(int index, const torch::Tensor& x) const;
  torch::Tensor final_norm(const torch::Tensor& x) const;

  // Matmul FLOPs of one window of T encoder frames (stem, projections, attention), for benchmarks.
  double flops(int64_t frames) const;

 private:
  struct Layer {
    torch::Tensor ln1_w, ln1_b, ln2_w, ln2_b;
    PackedLinear q, k, v, out, fc1, fc2;
  };
  WhisperConfig config_;
  ExecutionConfig exec_;
  PackedLinear conv1_, conv2_;  // as im2col matmuls: [D, n_mels*3], [D, D*3]
  torch::Tensor positions_;     // [max_source_positions, D] fp32
  std::vector<Layer> layers_;
  torch::Tensor ln_w_, ln_b_;
  int64_t parameters_ = 0;
  std::string weights_description_;
};

// x [T, C] -> [T_out, C*3]: the windows a kernel-3, padding-1 Conv1d with the given stride sees, flattened
// channel-major to match a [out, C, 3] weight reshaped to [out, C*3].
torch::Tensor conv1d_k3_windows(const torch::Tensor& x, int stride);

}  // namespace steerscope
