#pragma once
// Named tensors for training, keyed by their Hugging Face names ("layers.0.fc1.weight"), so that what is
// trained is saved in the layout the inference engine and other tools load. Trainable parameters are fp32
// master copies with requires_grad; frozen ones may be stored in bf16 for speed (they are only read).

#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"

namespace steerscope {

class ParameterStore {
 public:
  // Adds (or replaces) a tensor. Throws Error if the name is empty.
  void set(const std::string& name, torch::Tensor t);
  const torch::Tensor& get(const std::string& name) const;  // Error naming the tensor if absent
  bool contains(const std::string& name) const { return tensors_.count(name) > 0; }
  std::vector<std::string> names() const;
  int64_t parameter_count() const;

  // PyTorch's default initialisations, from the caller's generator state (torch::manual_seed).
  void init_linear(const std::string& prefix, int64_t out, int64_t in, bool bias);  // kaiming-uniform(a=√5)
  void init_normal(const std::string& name, std::vector<int64_t> shape, double std);
  void init_constant(const std::string& name, std::vector<int64_t> shape, double value);

  // Loads every tensor of src whose name starts with prefix (stripped) as fp32.
  void load(const TensorSource& src, const std::string& prefix = "");

  void set_requires_grad(bool trainable);
  std::vector<torch::Tensor> tensors() const;
  // Tensors split for AdamW: decay applies to matrices and steering tensors, not to biases or norm weights
  // (the HF Trainer rule: no decay for "bias" and LayerNorm weights).
  void split_for_weight_decay(std::vector<torch::Tensor>& decay, std::vector<torch::Tensor>& no_decay) const;

  // A frozen copy whose matrices (dim >= 2) are bf16 and whose vectors stay fp32: what the bf16 matmuls of
  // frozen modules read.
  ParameterStore frozen_bf16() const;

  // Writes name_prefix + name for every tensor, as fp32 (or bf16 if as_bf16) safetensors.
  void save(const std::string& path, const std::string& name_prefix = "", bool as_bf16 = false,
            const std::map<std::string, std::string>& metadata = {}) const;

 private:
  std::map<std::string, torch::Tensor> tensors_;
};

// torch::linear with the product in `compute` precision (autocast style): with kBFloat16, x and the weight
// are cast to bf16 inside the graph, so fp32 master weights receive fp32 gradients while the product runs
// on the fast bf16 path (autograd through fp32 linear runs at ~4 GFLOP/s here, bf16 at ~150). kFloat is
// for exactness checks on tiny models. Returns fp32.
torch::Tensor mixed_linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                           torch::ScalarType compute);

// softmax(q kᵀ · scale + mask) v with products in `compute` precision and an fp32 softmax, batched over
// leading dims: q [..., Tq, hd], k, v [..., Tk, hd]; mask broadcastable to [..., Tq, Tk] with -inf at
// blocked positions (or undefined). Returns fp32.
torch::Tensor mixed_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                              const torch::Tensor& mask, torch::ScalarType compute);

}  // namespace steerscope
