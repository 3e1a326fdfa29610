#include "core/train/language_model_task.h"

#include "core/util/error.h"

namespace steerscope {

LanguageModelTask::LanguageModelTask(const DecoderConfig& config, int64_t pad_id, std::vector<TokenSequence> train,
                                     std::vector<TokenSequence> validation)
    : config_(config), pad_id_(pad_id), train_(std::move(train)), validation_(std::move(validation)) {
  for (const auto* set : {&train_, &validation_})
    for (const auto& s : *set) {
      if (s.ids.size() != s.scored.size()) throw Error("LM pretraining: a sequence's mask differs from its length");
      if (int64_t(s.ids.size()) > config_.max_position_embeddings)
        throw Error("LM pretraining: a sequence of " + std::to_string(s.ids.size()) + " tokens exceeds max_position_embeddings");
      for (int64_t id : s.ids)
        if (id < 0 || id >= config_.vocab_size) throw Error("LM pretraining: token id " + std::to_string(id) + " outside the vocabulary");
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

torch::Tensor LanguageModelTask::loss(const std::vector<size_t>& batch) {
  CausalLmGraph graph(config_, params_, torch::kBFloat16);
  auto [ids, labels] = batch_tensors(train_, batch);
  return shifted_cross_entropy(graph.forward(graph.embed(ids)), labels);
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
    auto logits = graph.forward(graph.embed(ids));
    loss_sum += shifted_cross_entropy(logits, labels).item<double>();
    ++batches;
    auto pred = logits.narrow(1, 0, logits.size(1) - 1).argmax(-1);
    auto target = labels.narrow(1, 1, labels.size(1) - 1);
    auto mask = target != -100;
    correct += (pred.eq(target) & mask).sum().item<int64_t>();
    scored += mask.sum().item<int64_t>();
  }
  return {{"loss", loss_sum / double(batches)}, {"token_accuracy", scored ? double(correct) / double(scored) : 0.0}};
}

}  // namespace steerscope
