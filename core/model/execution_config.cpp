#include "core/model/execution_config.h"

#include <thread>

#include "core/util/error.h"

namespace steerscope {

std::string ExecutionConfig::device_string() const {
  if (device.is_cpu()) return "cpu";
  return device.str();
}

std::string ExecutionConfig::dtype_string() const { return dtype == ComputeDType::kBF16 ? "bf16" : "fp32"; }

ExecutionConfig ExecutionConfig::parse(const std::string& device, const std::string& dtype) {
  ExecutionConfig c;
  if (dtype == "fp32" || dtype == "float32") c.dtype = ComputeDType::kF32;
  else if (dtype == "bf16" || dtype == "bfloat16") c.dtype = ComputeDType::kBF16;
  else throw Error("unknown dtype '" + dtype + "' (expected fp32 or bf16)");

  if (device == "cpu") {
    c.device = torch::kCPU;
  } else if (device.rfind("cuda", 0) == 0) {
    if (!torch::cuda::is_available())
      throw Error("device '" + device + "' requested, but this LibTorch build has no CUDA support or no GPU is "
                  "visible (Debian's libtorch is CPU-only; use --device cpu or a CUDA-enabled LibTorch)");
    int index = 0;
    if (device.size() > 4) {
      if (device[4] != ':') throw Error("unknown device '" + device + "' (expected cpu, cuda or cuda:N)");
      try {
        index = std::stoi(device.substr(5));
      } catch (const std::exception&) {
        throw Error("unknown device '" + device + "' (expected cpu, cuda or cuda:N)");
      }
    }
    if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
      throw Error("device '" + device + "': only " + std::to_string(torch::cuda::device_count()) + " CUDA devices");
    c.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  } else {
    throw Error("unknown device '" + device + "' (expected cpu, cuda or cuda:N)");
  }
  return c;
}

void set_compute_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
}

}  // namespace steerscope
