#pragma once
// Pretraining the demo's Qwen2-architecture LM on text: token sequences with a per-token loss mask. The
// recipe (demo_recipe.h) decides what the sequences are; this task pads batches, masks, and scores.

#include <string>
#include <vector>

#include "core/model/decoder_config.h"
#include "core/train/causal_lm_graph.h"
#include "core/train/training_loop.h"

namespace steerscope {

struct TokenSequence {
  std::vector<int64_t> ids;
  std::vector<bool> scored;  // [ids.size()]: whether predicting this token counts in the loss
};

// Perturbation of chosen input tokens (the demo: the phone tokens the LM reads) in training batches, so that
// the LM learns to read near-misses of them and not only their exact embeddings: audio prompts never are
// one. Per batch sequence, with probability `sequence_prob`, every position holding one of `token_ids` is
// (in this order) replaced by a random one of them with probability `substitute_prob`; blended with a random
// one's embedding, weight U(0, blend_max), with probability `blend_prob`; given isotropic Gaussian noise of
// RMS U(0, noise_max) times its own RMS (one draw per sequence); and, with probability `scale_prob` per
// sequence, scaled by a log-uniform factor in [1, scale_max]. Validation reads clean inputs. The draws come
// from `seed` and the batch's example indices, so a resumed run sees the same noise.
// The defaults perturb nothing.
struct InputNoise {
  std::vector<int64_t> token_ids;  // none: no perturbation
  double sequence_prob = 0.0;
  double substitute_prob = 0.0;
  double blend_prob = 0.0;
  double blend_max = 0.0;
  double noise_max = 0.0;
  double scale_prob = 0.0;
  double scale_max = 1.0;
  uint64_t seed = 0;
};

class LanguageModelTask : public TrainingTask {
 public:
  // Initialises the parameters from the current torch seed.
  LanguageModelTask(const DecoderConfig& config, int64_t pad_id, std::vector<TokenSequence> train,
                    std::vector<TokenSequence> validation, InputNoise noise = {});

  ParameterStore& trainable() override { return params_; }
  size_t example_count() const override { return train_.size(); }
  torch::Tensor loss(const std::vector<size_t>& batch) override;
  // {"loss": mean validation loss, "token_accuracy": greedy next-token accuracy on scored tokens}
  nlohmann::json evaluate() override;

  const DecoderConfig& config() const { return config_; }
  // The training inputs of a batch's ids [B, T]: their embeddings, perturbed as `noise` says.
  torch::Tensor training_inputs(const CausalLmGraph& graph, const torch::Tensor& ids, const std::vector<size_t>& batch) const;

 private:
  std::pair<torch::Tensor, torch::Tensor> batch_tensors(const std::vector<TokenSequence>& data,
                                                        const std::vector<size_t>& batch) const;  // ids, labels
  DecoderConfig config_;
  int64_t pad_id_;
  std::vector<TokenSequence> train_, validation_;
  InputNoise noise_;
  torch::Tensor noisy_ids_, is_noisy_;  // [K] the perturbed ids; [vocab] bool
  ParameterStore params_;
};

}  // namespace steerscope
