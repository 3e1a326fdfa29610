#include "core/model/packed_linear.h"

#include "core/model/gemv_kernel.h"

namespace steerscope {

PackedLinear::PackedLinear(const torch::Tensor& weight, const torch::Tensor& bias, const ExecutionConfig& exec,
                           Layout layout)
    : compute_(exec.scalar_type()), in_(weight.size(1)), out_(weight.size(0)) {
  torch::NoGradGuard no_grad;
  if (exec.is_cpu() && layout == Layout::kGemv) {
    kernel_ = Kernel::kDenseGemv;
    weight_ = weight.to(compute_).contiguous();
    if (bias.defined()) bias_ = bias.to(torch::kFloat).contiguous();
  } else if (exec.is_cpu() && exec.dtype == ComputeDType::kF32 && at::hasMKLDNN()) {
    kernel_ = Kernel::kOneDnnF32;
    weight_ = weight.to(torch::kFloat).contiguous().to_mkldnn();
    if (bias.defined()) bias_ = bias.to(torch::kFloat).contiguous();
  } else {
    kernel_ = Kernel::kDense;
    weight_ = weight.to(exec.device, compute_).contiguous();
    if (bias.defined()) bias_ = bias.to(exec.device, compute_).contiguous();
  }
}

torch::Tensor PackedLinear::forward_compute(const torch::Tensor& x) const {
  auto shape = x.sizes().vec();
  shape.back() = out_;
  if (kernel_ == Kernel::kDenseGemv) {
    const int64_t rows = x.numel() / in_;
    if (rows == 1) return gemv(weight_, x.reshape({in_}), bias_).view(shape);
    if (compute_ == torch::kFloat && at::hasMKLDNN()) {
      auto x2 = x.reshape({-1, in_}).to(torch::kFloat).contiguous();
      return at::mkldnn_linear(x2.to_mkldnn(), weight_, bias_).to_dense().view(shape);
    }
    return torch::linear(x.to(compute_), weight_, bias_.defined() ? bias_.to(compute_) : bias_);
  }
  if (kernel_ == Kernel::kOneDnnF32) {
    auto x2 = x.reshape({-1, in_}).to(torch::kFloat).contiguous();
    if (x2.size(0) == 0) return torch::empty(shape, torch::kFloat);
    return at::mkldnn_linear(x2.to_mkldnn(), weight_, bias_).to_dense().view(shape);
  }
  return torch::linear(x.to(compute_), weight_, bias_);
}

torch::Tensor PackedLinear::forward(const torch::Tensor& x) const {
  return forward_compute(x).to(torch::kFloat);
}

}  // namespace steerscope
