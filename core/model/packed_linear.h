#pragma once
// y = x·Wᵀ + b through the fastest kernel LibTorch offers for the execution target.
//
// Why this exists: Debian's LibTorch 1.13 is built without BLAS, so plain fp32 torch::linear/mm/bmm run at
// about 3 GFLOP/s on CPU. Two paths are fast: oneDNN (at::mkldnn_linear on a weight converted once to
// the mkldnn layout, ~150 GFLOP/s fp32 on 2 cores) and bf16 torch::linear, which LibTorch routes to
// oneDNN internally. A PackedLinear holds its weight prepared for one of those paths (or for CUDA) and
// every matmul on a hot path goes through it; tests/bench/bench_encoder measures the result.

#include <torch/torch.h>

#include "core/model/execution_config.h"

namespace steerscope {

class PackedLinear {
 public:
  // kGemm: the weight is packed for matrix products (oneDNN's blocked layout in fp32): the encoder, whose
  // inputs always have many rows. kGemv: the weight stays dense so that single-row inputs (decoding one
  // token) take the bandwidth-bound GEMV kernels of gemv_kernel.h; multi-row inputs (prefill) still go
  // through oneDNN, which reads the dense weight directly.
  enum class Layout { kGemm, kGemv };

  PackedLinear() = default;
  // weight [out, in], bias [out] or undefined; fp32 on CPU as loaded.
  PackedLinear(const torch::Tensor& weight, const torch::Tensor& bias, const ExecutionConfig& exec,
               Layout layout = Layout::kGemm);

  // x [..., in], any floating dtype, on the execution device. Returns [..., out] in fp32.
  torch::Tensor forward(const torch::Tensor& x) const;
  // Same, but may return the compute dtype (bf16 stays bf16) so that chains such as fc1 -> GELU -> fc2
  // avoid round trips through fp32.
  torch::Tensor forward_compute(const torch::Tensor& x) const;
  // The dense weight [out, in] in the compute dtype (kGemv layout; for kGemm it may be oneDNN-packed).
  const torch::Tensor& dense_weight() const { return weight_; }
  int64_t weight_bytes() const { return in_ * out_ * (compute_ == torch::kBFloat16 ? 2 : 4); }

  int64_t in_features() const { return in_; }
  int64_t out_features() const { return out_; }
  bool defined() const { return weight_.defined(); }

 private:
  enum class Kernel { kOneDnnF32, kDense, kDenseGemv };
  Kernel kernel_ = Kernel::kDense;
  torch::ScalarType compute_ = torch::kFloat;
  torch::Tensor weight_, bias_;
  int64_t in_ = 0, out_ = 0;
};

}  // namespace steerscope
