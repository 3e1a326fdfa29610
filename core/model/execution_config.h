#pragma once
// Where and in what precision a model runs. Weights are prepared once for an ExecutionConfig (packed for
// oneDNN, cast to bf16, moved to CUDA); activations that need range (LayerNorm, softmax, residual stream)
// stay in fp32 whatever the compute dtype, as under PyTorch autocast.

#include <torch/torch.h>

#include <string>

namespace steerscope {

enum class ComputeDType { kF32, kBF16 };

struct ExecutionConfig {
  torch::Device device = torch::kCPU;
  ComputeDType dtype = ComputeDType::kF32;

  torch::ScalarType scalar_type() const { return dtype == ComputeDType::kBF16 ? torch::kBFloat16 : torch::kFloat; }
  bool is_cpu() const { return device.is_cpu(); }
  std::string device_string() const;  // "cpu", "cuda:0"
  std::string dtype_string() const;   // "fp32", "bf16"

  // Parses "cpu" | "cuda" | "cuda:N" and "fp32" | "bf16". Throws Error if the device is not available in
  // this LibTorch build (e.g. "cuda" with Debian's CPU-only LibTorch) or a value is unknown.
  static ExecutionConfig parse(const std::string& device, const std::string& dtype);
};

// Sets LibTorch's intra-op thread count (0 = all hardware threads). LibTorch's default here is 1.
void set_compute_threads(int threads);

}  // namespace steerscope
