#pragma once
// The trainable part of a SteerMoE model, under the reference's state-dict names (steermoe.md §1.7):
//   <enc>.steering_vectors [L, E, D]    <enc>.router.weight [E*L, D]   <enc>.router.bias [E*L]
//   <enc>.layer_scales [L]              prompt_proj.weight [H, D]      prompt_proj.bias [H]
// with <enc> = whisper_encoder or conformer_encoder. Router rows are layer-major: row l*E + e belongs to
// layer l, expert e.
//
// Sources: a .safetensors file, a torch.save archive (steering.bin, or the reference's full
// pytorch_model.bin, of which only these six records are read), or a directory holding one of
// steering.safetensors, model.safetensors, pytorch_model.bin, steering.bin. A checkpoint without the
// steering tensors (the linear baseline exported by SteerScope) has only the projector.
//
// A steermoe_config.json beside the checkpoint, if present, supplies the pooling the model was trained
// with (pooling_type, pooling_kernel_size, pooling_position); the reference does not record it. It may
// also name the instruction prompts the model was trained with (every string key ending in "_prompt",
// e.g. the embedded demo's asr_prompt and call_prompt), which the workbench offers as prompts.

#include <torch/torch.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/pooling.h"

namespace steerscope {

struct WhisperConfig;
class TensorSource;

class SteeringCheckpoint {
 public:
  static SteeringCheckpoint load(const std::string& path);
  // From tensors already open (no sidecar lookup); origin names the source in messages.
  static SteeringCheckpoint from_source(const TensorSource& source, const std::string& origin);

  const std::string& path() const { return path_; }         // the file actually read
  const std::string& encoder_kind() const { return kind_; } // "whisper" or "conformer"
  bool has_steering() const { return steering_vectors_.defined(); }
  bool has_projector() const { return proj_weight_.defined(); }

  int layers() const { return layers_; }
  int experts() const { return experts_; }
  int dim() const { return dim_; }
  int llm_hidden() const { return has_projector() ? static_cast<int>(proj_weight_.size(0)) : dim_; }
  int64_t parameter_count() const;

  // fp32 CPU tensors (undefined when absent)
  const torch::Tensor& steering_vectors() const { return steering_vectors_; }  // [L, E, D]
  const torch::Tensor& router_weight() const { return router_weight_; }        // [E*L, D]
  const torch::Tensor& router_bias() const { return router_bias_; }            // [E*L]
  const torch::Tensor& layer_scales() const { return layer_scales_; }          // [L]
  const torch::Tensor& proj_weight() const { return proj_weight_; }            // [H, D]
  const torch::Tensor& proj_bias() const { return proj_bias_; }                // [H]

  // Pooling from a steermoe_config.json sidecar, if there was one.
  const std::optional<PoolingConfig>& pooling_hint() const { return pooling_hint_; }
  // Instruction prompts from the sidecar: (key, text) for every string value whose key ends in
  // "_prompt", in the file's order; empty without a sidecar.
  const std::vector<std::pair<std::string, std::string>>& prompt_hints() const { return prompt_hints_; }

  // Throws Error naming the checkpoint if its layer count or width does not match the encoder.
  void check_compatible(const WhisperConfig& encoder) const;

 private:
  std::string path_, kind_;
  int layers_ = 0, experts_ = 0, dim_ = 0;
  torch::Tensor steering_vectors_, router_weight_, router_bias_, layer_scales_, proj_weight_, proj_bias_;
  std::optional<PoolingConfig> pooling_hint_;
  std::vector<std::pair<std::string, std::string>> prompt_hints_;
};

// Resolves a checkpoint path: a file as is; for a directory, the first of the candidate names present.
std::string resolve_steering_file(const std::string& path);

}  // namespace steerscope
