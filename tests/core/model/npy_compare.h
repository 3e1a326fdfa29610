#pragma once
// Comparing tensors with the .npy references of tests/data/fixtures/expected.

#include <torch/torch.h>

#include <string>

#include "core/util/npy_file.h"
#include "tests/test_support.h"

namespace steerscope::test {

inline torch::Tensor load_expected(const std::string& name) {
  auto a = read_npy(data_path("fixtures/expected/" + name));
  auto v = a.to_float();
  return torch::from_blob(v.data(), a.shape, torch::kFloat).clone();
}

// Max |a - b|; -1 if the shapes differ.
inline double max_abs_error(const torch::Tensor& actual, const torch::Tensor& expected) {
  if (actual.sizes() != expected.sizes()) return -1.0;
  return (actual.to(torch::kFloat).cpu() - expected).abs().max().item<double>();
}

}  // namespace steerscope::test
