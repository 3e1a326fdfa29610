#include "core/model/packed_linear.h"

namespace steerscope {

PackedLinear::PackedLinear(const torch::Tensor& weight, const torch::Tensor& bias, const ExecutionConfig& exec)
    : compute_(exec.scalar_type()), in_(weight.size(1)), out_(weight.size(0)) {
  torch::NoGradGuard no_grad;
  if (exec.is_cpu() && exec.dtype == ComputeDType::kF32 && at::hasMKLDNN()) {
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
