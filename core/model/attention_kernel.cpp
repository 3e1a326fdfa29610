#include "core/model/attention_kernel.h"

namespace steerscope {

namespace {

void apply_causal_mask(torch::Tensor& scores) {
  // scores [..., Tq, Tk]; query i is at absolute position (Tk - Tq + i).
  const int64_t tq = scores.size(-2), tk = scores.size(-1);
  if (tq == 1) return;  // the newest token sees everything in the cache
  auto mask = torch::ones({tq, tk}, torch::TensorOptions().dtype(torch::kBool).device(scores.device()))
                  .triu(tk - tq + 1);
  scores.masked_fill_(mask, -std::numeric_limits<float>::infinity());
}

}  // namespace

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                        const ExecutionConfig& exec) {
  const int64_t heads = q.size(0), tq = q.size(1), tk = k.size(1), hd = q.size(2);
  const bool small = heads * tq * tk * hd < (int64_t(1) << 20);

  if (exec.is_cpu() && exec.dtype == ComputeDType::kF32 && !small && at::hasMKLDNN()) {
    // Plain fp32 bmm has no BLAS behind it here; route each head through oneDNN's inner product.
    auto out = torch::empty({heads, tq, hd}, torch::kFloat);
    auto qf = q.to(torch::kFloat).contiguous(), kf = k.to(torch::kFloat).contiguous(),
         vt = v.to(torch::kFloat).transpose(1, 2).contiguous();
    for (int64_t h = 0; h < heads; ++h) {
      auto scores = at::mkldnn_linear(qf[h].to_mkldnn(), kf[h].to_mkldnn(), {}).to_dense();
      if (causal) apply_causal_mask(scores);
      auto probs = torch::softmax(scores, -1);
      out[h].copy_(at::mkldnn_linear(probs.to_mkldnn(), vt[h].to_mkldnn(), {}).to_dense());
    }
    return out;
  }
  const auto ct = exec.scalar_type();
  auto scores = torch::matmul(q.to(ct), k.to(ct).transpose(1, 2)).to(torch::kFloat);
  if (causal) apply_causal_mask(scores);
  auto probs = torch::softmax(scores, -1).to(ct);
  return torch::matmul(probs, v.to(ct)).to(torch::kFloat);
}

}  // namespace steerscope
