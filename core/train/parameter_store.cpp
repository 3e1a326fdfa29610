#include "core/train/parameter_store.h"

#include <cmath>

#include "core/io/safetensors_writer.h"
#include "core/model/tensor_loading.h"
#include "core/util/error.h"

namespace steerscope {

void ParameterStore::set(const std::string& name, torch::Tensor t) {
  if (name.empty()) throw Error("parameter store: empty tensor name");
  tensors_[name] = std::move(t);
}

const torch::Tensor& ParameterStore::get(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) throw Error("parameter store: no tensor named " + name);
  return it->second;
}

std::vector<std::string> ParameterStore::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : tensors_) out.push_back(k);
  return out;
}

int64_t ParameterStore::parameter_count() const {
  int64_t n = 0;
  for (const auto& [k, v] : tensors_) n += v.numel();
  return n;
}

void ParameterStore::init_linear(const std::string& prefix, int64_t out, int64_t in, bool bias) {
  // nn.Linear.reset_parameters: kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(in), 1/sqrt(in)); bias likewise.
  const double bound = 1.0 / std::sqrt(double(in));
  set(prefix + ".weight", torch::empty({out, in}).uniform_(-bound, bound));
  if (bias) set(prefix + ".bias", torch::empty({out}).uniform_(-bound, bound));
}

void ParameterStore::init_normal(const std::string& name, std::vector<int64_t> shape, double std) {
  set(name, torch::randn(shape) * std);
}

void ParameterStore::init_constant(const std::string& name, std::vector<int64_t> shape, double value) {
  set(name, torch::full(shape, value));
}

void ParameterStore::load(const TensorSource& src, const std::string& prefix) {
  for (const auto& n : src.names())
    if (n.compare(0, prefix.size(), prefix) == 0) set(n.substr(prefix.size()), to_torch(src.view(n), torch::kFloat));
}

void ParameterStore::set_requires_grad(bool trainable) {
  for (auto& [k, v] : tensors_) v = v.detach().set_requires_grad(trainable);
}

std::vector<torch::Tensor> ParameterStore::tensors() const {
  std::vector<torch::Tensor> out;
  for (const auto& [k, v] : tensors_) out.push_back(v);
  return out;
}

void ParameterStore::split_for_weight_decay(std::vector<torch::Tensor>& decay, std::vector<torch::Tensor>& no_decay) const {
  for (const auto& [k, v] : tensors_) {
    const bool is_bias = k.size() >= 5 && k.compare(k.size() - 5, 5, ".bias") == 0;
    const bool is_norm = k.find("norm") != std::string::npos || k.find("layer_norm") != std::string::npos;
    (is_bias || is_norm ? no_decay : decay).push_back(v);
  }
}

ParameterStore ParameterStore::frozen_bf16() const {
  ParameterStore out;
  for (const auto& [k, v] : tensors_) {
    auto t = v.detach();
    out.set(k, t.dim() >= 2 ? t.to(torch::kBFloat16) : t.to(torch::kFloat));
  }
  return out;
}

void ParameterStore::save(const std::string& path, const std::string& name_prefix, bool as_bf16,
                          const std::map<std::string, std::string>& metadata) const {
  SafetensorsWriter w;
  for (const auto& [k, v] : tensors_) {
    auto t = v.detach().to(torch::kCPU, as_bf16 ? torch::kBFloat16 : torch::kFloat).contiguous();
    w.add(name_prefix + k, as_bf16 ? DType::kBF16 : DType::kF32, t.sizes().vec(), t.data_ptr(), size_t(t.numel()) * t.element_size());
  }
  w.set_metadata("format", "pt");
  for (const auto& [k, v] : metadata) w.set_metadata(k, v);
  w.write(path);
}

torch::Tensor mixed_linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                           torch::ScalarType compute) {
  return torch::linear(x.to(compute), weight.to(compute), bias.defined() ? bias.to(compute) : bias).to(torch::kFloat);
}

torch::Tensor mixed_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                              const torch::Tensor& mask, torch::ScalarType compute) {
  auto scores = torch::matmul(q.to(compute), k.to(compute).transpose(-1, -2)).to(torch::kFloat) * scale;
  if (mask.defined()) scores = scores + mask;
  auto probs = torch::softmax(scores, -1);
  return torch::matmul(probs.to(compute), v.to(compute)).to(torch::kFloat);
}

}  // namespace steerscope
