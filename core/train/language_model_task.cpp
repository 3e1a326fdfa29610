#include "core/train/language_model_task.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/util/error.h"

namespace steerscope {

LanguageModelTask::LanguageModelTask(const DecoderConfig& config, int64_t pad_id, std::vector<TokenSequence> train,
                                     std::vector<TokenSequence> validation, InputNoise noise)
    : config_(config), pad_id_(pad_id), train_(std::move(train)), validation_(std::move(validation)), noise_(std::move(noise)) {
  const auto check_id = [&](int64_t id, const char* whose) {
    if (id < 0 || id >= config_.vocab_size)
      throw Error(std::string("LM pretraining: ") + whose + " token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                  std::to_string(config_.vocab_size) + ")");
  };
  for (const auto* set : {&train_, &validation_})
    for (const auto& s : *set) {
      if (s.ids.size() != s.scored.size()) throw Error("LM pretraining: a sequence's mask differs from its length");
      if (int64_t(s.ids.size()) > config_.max_position_embeddings)
        throw Error("LM pretraining: a sequence of " + std::to_string(s.ids.size()) + " tokens exceeds max_position_embeddings");
      for (int64_t id : s.ids) check_id(id, "a sequence's");
    }
  for (double p : {noise_.sequence_prob, noise_.substitute_prob, noise_.blend_prob, noise_.scale_prob})
    if (!(p >= 0.0 && p <= 1.0)) throw Error("LM pretraining: an input-noise probability outside [0, 1]");
  if (!(noise_.blend_max >= 0.0 && noise_.blend_max <= 1.0) || !(noise_.noise_max >= 0.0) || !(noise_.scale_max >= 1.0))
    throw Error("LM pretraining: input noise needs blend_max in [0, 1], noise_max >= 0 and scale_max >= 1");
  if (!noise_.token_ids.empty()) {
    is_noisy_ = torch::zeros({config_.vocab_size}, torch::kBool);
    for (int64_t id : noise_.token_ids) {
      check_id(id, "an input-noise");
      is_noisy_[id] = true;
    }
    noisy_ids_ = torch::tensor(noise_.token_ids, torch::kLong);
  }
  CausalLmGraph::init(params_, config_);
}

std::pair<torch::Tensor, torch::Tensor> LanguageModelTask::batch_tensors(const std::vector<TokenSequence>& data,
                                                                        const std::vector<size_t>& batch) const {
  size_t longest = 0;
  for (size_t i : batch) longest = std::max(longest, data[i].ids.size());
  auto ids = torch::full({int64_t(batch.size()), int64_t(longest)}, pad_id_, torch::kLong);
  auto labels = torch::full({int64_t(batch.size()), int64_t(longest)}, -100, torch::kLong);
  auto ia = ids.accessor<int64_t, 2>();
  auto la = labels.accessor<int64_t, 2>();
  for (size_t b = 0; b < batch.size(); ++b) {
    const auto& s = data[batch[b]];
    for (size_t t = 0; t < s.ids.size(); ++t) {
      ia[int64_t(b)][int64_t(t)] = s.ids[t];
      if (s.scored[t]) la[int64_t(b)][int64_t(t)] = s.ids[t];
    }
  }
  return {ids, labels};
}

torch::Tensor LanguageModelTask::training_inputs(const CausalLmGraph& graph, const torch::Tensor& ids,
                                                 const std::vector<size_t>& batch) const {
  if (!noisy_ids_.defined()) return graph.embed(ids);
  uint64_t seed = noise_.seed ^ 0x9e3779b97f4a7c15ull;
  for (size_t i : batch) seed = (seed ^ uint64_t(i)) * 0x100000001b3ull;
  auto gen = at::detail::createCPUGenerator(seed);
  const int64_t b = ids.size(0), t = ids.size(1), k = noisy_ids_.size(0);
  const auto f = torch::TensorOptions().dtype(torch::kFloat);
  auto chance = [&](std::vector<int64_t> shape, double p) { return torch::rand(shape, gen, f) < p; };
  auto random_ids = [&] { return noisy_ids_.index({torch::randint(k, {b, t}, gen, torch::kLong)}); };

  const auto noisy = is_noisy_.index({ids}) & chance({b, 1}, noise_.sequence_prob);  // [B, T]
  auto e = graph.embed(torch::where(noisy & chance({b, t}, noise_.substitute_prob), random_ids(), ids));
  const auto weight = (noisy & chance({b, t}, noise_.blend_prob)).unsqueeze(-1).to(torch::kFloat) *
                      torch::rand({b, t, 1}, gen, f) * noise_.blend_max;
  e = e * (1.0 - weight) + graph.embed(random_ids()) * weight;
  const auto rms = e.detach().pow(2).mean(-1, true).sqrt();
  const auto sigma = torch::rand({b, 1, 1}, gen, f) * noise_.noise_max;
  e = e + noisy.unsqueeze(-1).to(torch::kFloat) * sigma * rms * torch::randn(e.sizes(), gen, f);
  const auto scale = torch::where(chance({b, 1, 1}, noise_.scale_prob),
                                  torch::exp(torch::rand({b, 1, 1}, gen, f) * std::log(noise_.scale_max)), torch::ones({b, 1, 1}, f));
  return torch::where(noisy.unsqueeze(-1), e * scale, e);
}

torch::Tensor LanguageModelTask::loss(const std::vector<size_t>& batch) {
  CausalLmGraph graph(config_, params_, torch::kBFloat16);
  auto [ids, labels] = batch_tensors(train_, batch);
  return graph.next_token_loss(training_inputs(graph, ids, batch), labels);
}

nlohmann::json LanguageModelTask::evaluate() {
  if (validation_.empty()) return nlohmann::json::object();
  CausalLmGraph graph(config_, params_, torch::kBFloat16);
  double loss_sum = 0.0;
  int64_t correct = 0, scored = 0, batches = 0;
  for (size_t start = 0; start < validation_.size(); start += 32) {
    std::vector<size_t> batch;
    for (size_t i = start; i < std::min(validation_.size(), start + 32); ++i) batch.push_back(i);
    auto [ids, labels] = batch_tensors(validation_, batch);
    const auto s = graph.scored_logits(graph.embed(ids), labels);
    loss_sum += torch::nn::functional::cross_entropy(s.logits, s.targets).item<double>();
    ++batches;
    correct += s.logits.argmax(-1).eq(s.targets).sum().item<int64_t>();
    scored += s.targets.size(0);
  }
  return {{"loss", loss_sum / double(batches)}, {"token_accuracy", scored ? double(correct) / double(scored) : 0.0}};
}

}  // namespace steerscope
