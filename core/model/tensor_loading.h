#pragma once
// Converting checkpoint tensors (io::TensorView, memory-mapped) into LibTorch tensors, with the shape
// checks whose messages users see: "model.safetensors: tensor model.encoder.layers.3.fc1.weight has shape
// [512,128], config says [1536,384]".

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"

namespace steerscope {

// Copies a floating-point tensor (F32, F16, BF16, F64) to a new contiguous CPU tensor of type `to`.
// Throws Error naming the file and tensor for other dtypes.
torch::Tensor to_torch(const TensorView& v, torch::ScalarType to = torch::kFloat);

// Loads `name` from src and checks its shape against `expected` ("config says ..." in the error, where
// `expected_from` names the source of the expectation, e.g. "config.json").
torch::Tensor load_checked(const TensorSource& src, const std::string& name, const std::vector<int64_t>& expected,
                           const std::string& expected_from, torch::ScalarType to = torch::kFloat);

// The prefix before `suffix` of the first tensor name ending with it, e.g. for suffix "conv1.weight" in a
// Hugging Face WhisperForConditionalGeneration checkpoint: "model.encoder.". nullopt if none.
std::optional<std::string> find_prefix(const TensorSource& src, const std::string& suffix);

std::vector<int64_t> tensor_shape(const torch::Tensor& t);

}  // namespace steerscope
