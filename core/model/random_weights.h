#pragma once
// Checkpoints of real shapes filled with random numbers, for benchmarks: no Whisper or Qwen weights can
// be downloaded here, and speed does not depend on the values. Tensors are generated once, stored as
// bf16 (half the memory of fp32), and served through the ordinary TensorSource interface so that the
// benchmarked loading and packing paths are the production ones.

#include <map>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/model/whisper_config.h"

namespace steerscope {

class RandomTensorSource : public TensorSource {
 public:
  explicit RandomTensorSource(uint64_t seed = 1) : seed_(seed) {}
  // Normal(0, std) values; std defaults to 1/sqrt(fan_in) (the last dimension) so activations stay finite.
  void add(const std::string& name, const std::vector<int64_t>& shape, float std = -1.0f);

  std::vector<std::string> names() const override;
  bool contains(const std::string& name) const override { return tensors_.count(name) > 0; }
  TensorView view(const std::string& name) const override;
  std::string description() const override { return "random weights"; }

 private:
  struct Stored {
    std::vector<int64_t> shape;
    std::vector<uint16_t> bf16;
  };
  uint64_t seed_;
  std::map<std::string, Stored> tensors_;
};

// Hugging Face Whisper encoder tensors ("model.encoder.*") for a config.
void add_random_whisper_encoder(RandomTensorSource& src, const WhisperConfig& config);
// SteerMoE steering tensors (whisper_encoder.*, prompt_proj.*) for L layers, E experts, width D, LLM size H.
void add_random_steering(RandomTensorSource& src, int layers, int experts, int dim, int llm_hidden);

}  // namespace steerscope
