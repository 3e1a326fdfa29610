#pragma once
// Picks the next token from a step's logits with Hugging Face semantics (formats.md §6): the repetition
// penalty always, then, only when sampling, temperature -> top-k -> top-p, then argmax (greedy) or a draw
// from the softmax. Draws use a seeded 64-bit Mersenne Twister and SteerScope's own uniform mapping, so a
// seed gives the same tokens on every platform (PyTorch's RNG stream is not reproduced).

#include <torch/torch.h>

#include <random>
#include <vector>

#include "core/model/generation_settings.h"

namespace steerscope {

class TokenSampler {
 public:
  explicit TokenSampler(const GenerationSettings& settings);

  struct Choice {
    int64_t id = -1;
    float logprob = 0.0f;  // log-probability under the model's unmodified distribution
  };

  // logits [V] (or [1, V]) fp32. penalised: ids the repetition penalty applies to. valid_vocab > 0 masks
  // ids >= valid_vocab (embedding rows beyond the tokenizer, which must never be produced).
  Choice choose(const torch::Tensor& logits, const std::vector<int64_t>& penalised, int64_t valid_vocab = 0);

  // The processed scores choose() samples from (before the final softmax), exposed for tests.
  torch::Tensor process(const torch::Tensor& logits, const std::vector<int64_t>& penalised, int64_t valid_vocab = 0) const;

 private:
  GenerationSettings settings_;
  std::mt19937_64 rng_;
};

}  // namespace steerscope
