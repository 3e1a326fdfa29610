#include "core/model/attention_kernel.h"

#include "core/util/error.h"

namespace steerscope {

namespace {

// [Tq, Tk] boolean mask of the positions a query may NOT see; undefined if it sees everything.
torch::Tensor blocked_positions(int64_t tq, int64_t tk, bool causal, int64_t window, torch::Device device) {
  if (!causal) return {};
  auto opts = torch::TensorOptions().dtype(torch::kLong).device(device);
  auto query_pos = torch::arange(tk - tq, tk, opts).unsqueeze(1);  // [Tq, 1]
  auto key_pos = torch::arange(0, tk, opts).unsqueeze(0);          // [1, Tk]
  auto blocked = key_pos > query_pos;
  if (window > 0) blocked = blocked.logical_or(key_pos <= query_pos - window);
  if (!blocked.any().item<bool>()) return {};
  return blocked;
}

}  // namespace

torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, bool causal,
                        const ExecutionConfig& exec, int64_t window) {
  const int64_t hq = q.size(0), tq = q.size(1), hd = q.size(2), hkv = k.size(0), tk = k.size(1);
  if (hq % hkv != 0) throw Error("attention: " + std::to_string(hkv) + " key heads do not divide " + std::to_string(hq) + " query heads");
  const int64_t groups = hq / hkv;
  const auto blocked = blocked_positions(tq, tk, causal, window, q.device());
  const float neg_inf = -std::numeric_limits<float>::infinity();
  const bool small = hq * tq * tk * hd < (int64_t(1) << 20);

  if (exec.is_cpu() && exec.dtype == ComputeDType::kF32 && !small && at::hasMKLDNN()) {
    // Plain fp32 bmm has no BLAS behind it here; route each key head through oneDNN's inner product.
    auto out = torch::empty({hkv, groups * tq, hd}, torch::kFloat);
    auto qf = q.to(torch::kFloat).contiguous().view({hkv, groups * tq, hd});
    auto kf = k.to(torch::kFloat).contiguous();
    auto vt = v.to(torch::kFloat).transpose(1, 2).contiguous();
    for (int64_t h = 0; h < hkv; ++h) {
      auto scores = at::mkldnn_linear(qf[h].to_mkldnn(), kf[h].to_mkldnn(), {}).to_dense();  // [groups*Tq, Tk]
      if (blocked.defined()) scores.view({groups, tq, tk}).masked_fill_(blocked, neg_inf);
      auto probs = torch::softmax(scores, -1);
      out[h].copy_(at::mkldnn_linear(probs.to_mkldnn(), vt[h].to_mkldnn(), {}).to_dense());
    }
    return out.view({hq, tq, hd});
  }
  const auto ct = exec.scalar_type();
  auto qg = q.to(ct).contiguous().view({hkv, groups * tq, hd});
  auto scores = torch::matmul(qg, k.to(ct).transpose(1, 2)).to(torch::kFloat);  // [Hkv, groups*Tq, Tk]
  if (blocked.defined()) scores.view({hkv, groups, tq, tk}).masked_fill_(blocked, neg_inf);
  auto probs = torch::softmax(scores, -1).to(ct);
  return torch::matmul(probs, v.to(ct)).to(torch::kFloat).view({hq, tq, hd});
}

}  // namespace steerscope
