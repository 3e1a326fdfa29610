#include "core/model/pooling.h"

#include "core/util/error.h"

namespace steerscope {

int PoolingConfig::position(int layers) const {
  if (type == Type::kNone) return 0;
  return after_layer < 0 ? layers : after_layer;
}

std::string PoolingConfig::describe(int layers) const {
  if (type == Type::kNone) return "none";
  return std::string(type == Type::kMax ? "max" : "avg") + " k=" + std::to_string(kernel) + " after layer " +
         std::to_string(position(layers));
}

PoolingConfig PoolingConfig::parse(const std::string& type, int kernel, int after_layer) {
  PoolingConfig p;
  if (type == "max") p.type = Type::kMax;
  else if (type == "avg" || type == "mean") p.type = Type::kAvg;
  else if (type == "none") p.type = Type::kNone;
  else throw Error("unknown pooling '" + type + "' (expected max, avg or none)");
  if (p.type != Type::kNone && kernel < 1) throw Error("pooling kernel must be at least 1, got " + std::to_string(kernel));
  if (after_layer == 0 || after_layer < -1) throw Error("pooling position must be a 1-based layer number, got " + std::to_string(after_layer));
  p.kernel = kernel;
  p.after_layer = after_layer;
  return p;
}

int64_t pooled_frames(int64_t frames, const PoolingConfig& pooling) {
  if (pooling.type == PoolingConfig::Type::kNone || pooling.kernel <= 1) return frames;
  return (frames + pooling.kernel - 1) / pooling.kernel;
}

torch::Tensor apply_pooling(const torch::Tensor& x, const PoolingConfig& pooling) {
  if (pooling.type == PoolingConfig::Type::kNone || pooling.kernel <= 1) return x;
  const int64_t t = x.size(0), k = pooling.kernel, out = pooled_frames(t, pooling);
  torch::Tensor padded = x;
  if (out * k != t) padded = torch::cat({x, torch::zeros({out * k - t, x.size(1)}, x.options())}, 0);
  auto grouped = padded.view({out, k, x.size(1)});
  if (pooling.type == PoolingConfig::Type::kMax) return std::get<0>(grouped.max(1));
  return grouped.mean(1);
}

}  // namespace steerscope
