#include "core/model/token_sampler.h"

#include <algorithm>
#include <set>

namespace steerscope {

TokenSampler::TokenSampler(const GenerationSettings& settings) : settings_(settings), rng_(settings.seed) {
  settings_.validate();
}

torch::Tensor TokenSampler::process(const torch::Tensor& logits, const std::vector<int64_t>& penalised,
                                    int64_t valid_vocab) const {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  torch::Tensor s = logits.reshape({-1}).to(torch::kCPU, torch::kFloat).clone();
  const int64_t v = s.size(0);
  float* p = s.data_ptr<float>();
  if (valid_vocab > 0 && valid_vocab < v) std::fill(p + valid_vocab, p + v, neg_inf);

  if (settings_.repetition_penalty != 1.0) {
    const float r = static_cast<float>(settings_.repetition_penalty);
    for (int64_t id : std::set<int64_t>(penalised.begin(), penalised.end()))
      if (id >= 0 && id < v) p[id] = p[id] < 0 ? p[id] * r : p[id] / r;
  }
  if (!settings_.do_sample) return s;

  if (settings_.temperature != 1.0) s.div_(settings_.temperature);
  if (settings_.top_k > 0 && settings_.top_k < v) {
    // Keep every logit >= the k-th largest (ties with it survive, as in HF).
    const float kth = std::get<0>(s.topk(settings_.top_k)).min().item<float>();
    s.masked_fill_(s < kth, neg_inf);
  }
  if (settings_.top_p < 1.0) {
    auto [sorted, order] = s.sort(/*dim=*/0, /*descending=*/false);
    auto cum = sorted.softmax(0).cumsum(0);
    auto remove = cum <= (1.0 - settings_.top_p);
    remove[v - 1] = false;  // min_tokens_to_keep = 1: the largest always stays
    s.index_put_({order.masked_select(remove)}, neg_inf);
  }
  return s;
}

TokenSampler::Choice TokenSampler::choose(const torch::Tensor& logits, const std::vector<int64_t>& penalised,
                                          int64_t valid_vocab) {
  const torch::Tensor scores = process(logits, penalised, valid_vocab);
  Choice c;
  if (!settings_.do_sample) {
    c.id = scores.argmax().item<int64_t>();
  } else {
    const torch::Tensor probs = scores.softmax(0).to(torch::kDouble);
    const double* p = probs.data_ptr<double>();
    // 53 random bits -> u in [0, 1); walk the cumulative distribution in id order.
    const double u = double(rng_() >> 11) * (1.0 / 9007199254740992.0);
    double acc = 0.0;
    c.id = -1;
    int64_t last_nonzero = 0;
    for (int64_t i = 0; i < probs.size(0); ++i) {
      if (p[i] <= 0) continue;
      last_nonzero = i;
      acc += p[i];
      if (u < acc) {
        c.id = i;
        break;
      }
    }
    if (c.id < 0) c.id = last_nonzero;  // rounding left u just above the total
  }
  torch::Tensor raw = logits.reshape({-1}).to(torch::kCPU, torch::kFloat);
  if (valid_vocab > 0 && valid_vocab < raw.size(0)) raw = raw.narrow(0, 0, valid_vocab);
  c.logprob = raw.log_softmax(0)[c.id].item<float>();
  return c;
}

}  // namespace steerscope
