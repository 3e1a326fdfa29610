#include "core/train/steering_task.h"

#include "core/train/causal_lm_graph.h"
#include "core/train/whisper_encoder_graph.h"
#include "core/util/error.h"

namespace steerscope {

SteeringTask::SteeringTask(const WhisperConfig& encoder_config, const ParameterStore& encoder, const DecoderConfig& lm_config,
                           const ParameterStore& lm, int experts, bool steering, const PoolingConfig& pooling,
                           std::vector<SteeringExample> train, Evaluator evaluator)
    : encoder_config_(encoder_config), lm_config_(lm_config), encoder_(encoder.frozen_bf16()), lm_(lm.frozen_bf16()),
      pooling_(pooling), steering_(steering), train_(std::move(train)), evaluator_(std::move(evaluator)) {
  encoder_.set_requires_grad(false);
  lm_.set_requires_grad(false);
  SteeringGraph::init(params_, encoder_config.encoder_layers, experts, encoder_config.d_model, lm_config.hidden_size, steering);
  for (const auto& e : train_)
    if (!e.mel.defined() || e.target_ids.empty()) throw Error("steering training: an example has no log-mel or no target");
}

torch::Tensor SteeringTask::audio_prompts(const std::vector<size_t>& batch) {
  SteeringGraph steering(params_, torch::kBFloat16);
  WhisperEncoderGraph encoder(encoder_config_, encoder_, torch::kBFloat16);
  if (steering_) {
    std::vector<torch::Tensor> mels;
    for (size_t i : batch) mels.push_back(train_[i].mel);
    return steering.project(encoder.forward(torch::stack(mels), steering.hook(), pooling_));
  }
  // Linear baseline: the encoder output does not depend on anything trained.
  if (cached_hidden_.empty()) cached_hidden_.resize(train_.size());
  std::vector<torch::Tensor> hidden;
  for (size_t i : batch) {
    if (!cached_hidden_[i].defined()) {
      torch::NoGradGuard no_grad;
      cached_hidden_[i] = encoder.forward(train_[i].mel.unsqueeze(0), {}, pooling_)[0].to(torch::kBFloat16);
    }
    hidden.push_back(cached_hidden_[i].to(torch::kFloat));
  }
  return steering.project(torch::stack(hidden));
}

torch::Tensor SteeringTask::loss(const std::vector<size_t>& batch) {
  auto audio = audio_prompts(batch);  // [B, A, H]
  const int64_t b = int64_t(batch.size()), a = audio.size(1);
  size_t longest = 0;
  for (size_t i : batch) longest = std::max(longest, train_[i].prompt_ids.size() + train_[i].target_ids.size());
  auto ids = torch::zeros({b, int64_t(longest)}, torch::kLong);
  auto labels = torch::full({b, a + int64_t(longest)}, -100, torch::kLong);
  auto ia = ids.accessor<int64_t, 2>();
  auto la = labels.accessor<int64_t, 2>();
  for (int64_t r = 0; r < b; ++r) {
    const auto& ex = train_[batch[size_t(r)]];
    int64_t t = 0;
    for (int64_t id : ex.prompt_ids) ia[r][t++] = id;
    for (int64_t id : ex.target_ids) {
      ia[r][t] = id;
      la[r][a + t] = id;
      ++t;
    }
  }
  CausalLmGraph lm(lm_config_, lm_, torch::kBFloat16);
  auto inputs = torch::cat({audio, lm.embed(ids)}, 1);
  return lm.next_token_loss(inputs, labels);
}

}  // namespace steerscope
