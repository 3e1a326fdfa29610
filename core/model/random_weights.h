#pragma once
// Checkpoints of real shapes filled with random numbers, for benchmarks: no Whisper or Qwen weights can
// be downloaded here, and speed does not depend on the values. Tensors are served as bf16 through the
// ordinary TensorSource interface, so that the benchmarked loading and packing paths are the production
// ones.
//
// Unlike file-backed sources, a tensor's values are generated when it is viewed, and a view stays valid
// only until the next call to view(): the model loaders copy each tensor at once, and a 7B model's
// weights then exist only once, in the model.

#include <map>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/model/decoder_config.h"
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
  struct Spec {
    std::vector<int64_t> shape;
    float std;
  };
  uint64_t seed_;
  std::map<std::string, Spec> tensors_;
  mutable std::vector<uint16_t> current_;  // values of the most recent view
};

// Hugging Face Whisper encoder tensors ("model.encoder.*") for a config.
void add_random_whisper_encoder(RandomTensorSource& src, const WhisperConfig& config);
// Hugging Face Qwen2/LLaMA decoder tensors ("model.*", plus lm_head.weight when not tied).
void add_random_decoder(RandomTensorSource& src, const DecoderConfig& config);
// SteerMoE steering tensors (whisper_encoder.*, prompt_proj.*) for L layers, E experts, width D, LLM size H.
void add_random_steering(RandomTensorSource& src, int layers, int experts, int dim, int llm_hidden);

}  // namespace steerscope
