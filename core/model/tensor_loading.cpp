#include "core/model/tensor_loading.h"

#include "core/util/error.h"

namespace steerscope {

torch::Tensor to_torch(const TensorView& v, torch::ScalarType to) {
  torch::ScalarType from;
  switch (v.dtype) {
    case DType::kF32: from = torch::kFloat; break;
    case DType::kF16: from = torch::kHalf; break;
    case DType::kBF16: from = torch::kBFloat16; break;
    case DType::kF64: from = torch::kDouble; break;
    default:
      throw Error(v.file + ": tensor " + v.name + " has dtype " + v.dtype_label +
                  "; expected a floating-point dtype (F32, F16, BF16 or F64)");
  }
  if (v.numel() == 0) return torch::empty(v.shape, torch::TensorOptions().dtype(to));
  // The mapped bytes may be unaligned and are read-only: copy into fresh storage before any kernel sees them.
  auto raw = torch::empty({static_cast<int64_t>(v.nbytes)}, torch::kUInt8);
  std::memcpy(raw.data_ptr(), v.data, v.nbytes);
  return raw.view(from).reshape(v.shape).to(to).contiguous();
}

torch::Tensor load_checked(const TensorSource& src, const std::string& name, const std::vector<int64_t>& expected,
                           const std::string& expected_from, torch::ScalarType to) {
  if (!src.contains(name)) throw Error(src.description() + ": tensor " + name + " is missing");
  TensorView v = src.view(name);
  if (v.shape != expected)
    throw Error(v.file + ": tensor " + name + " has shape " + shape_string(v.shape) + ", " + expected_from +
                " says " + shape_string(expected));
  return to_torch(v, to);
}

std::optional<std::string> find_prefix(const TensorSource& src, const std::string& suffix) {
  for (const auto& n : src.names())
    if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      return n.substr(0, n.size() - suffix.size());
  return std::nullopt;
}

std::vector<int64_t> tensor_shape(const torch::Tensor& t) { return t.sizes().vec(); }

}  // namespace steerscope
