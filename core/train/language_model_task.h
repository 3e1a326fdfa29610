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

class LanguageModelTask : public TrainingTask {
 public:
  // Initialises the parameters from the current torch seed.
  LanguageModelTask(const DecoderConfig& config, int64_t pad_id, std::vector<TokenSequence> train,
                    std::vector<TokenSequence> validation);

  ParameterStore& trainable() override { return params_; }
  size_t example_count() const override { return train_.size(); }
  torch::Tensor loss(const std::vector<size_t>& batch) override;
  // {"loss": mean validation loss, "token_accuracy": greedy next-token accuracy on scored tokens}
  nlohmann::json evaluate() override;

  const DecoderConfig& config() const { return config_; }

 private:
  std::pair<torch::Tensor, torch::Tensor> batch_tensors(const std::vector<TokenSequence>& data,
                                                        const std::vector<size_t>& batch) const;  // ids, labels
  DecoderConfig config_;
  int64_t pad_id_;
  std::vector<TokenSequence> train_, validation_;
  ParameterStore params_;
};

}  // namespace steerscope
