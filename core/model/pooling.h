#pragma once
// Temporal pooling of the steered encoder's frames. The reference hard-codes MaxPool1d(4) after the last
// Whisper layer (steermoe.md §1.2), zero-padding the time axis on the right to a multiple of the kernel;
// older checkpoints were trained without pooling, and checkpoints do not record which, so pooling is a
// load-time option.

#include <torch/torch.h>

#include <string>

namespace steerscope {

struct PoolingConfig {
  enum class Type { kNone, kMax, kAvg };
  Type type = Type::kMax;
  int kernel = 4;
  int after_layer = -1;  // 1-based layer after which to pool (the reference's pooling_position); -1 = last

  // The layer index (1-based) after which pooling happens for an encoder with `layers` layers, or 0 for none.
  int position(int layers) const;
  // "max k=4 after layer 32", "none"
  std::string describe(int layers) const;

  // From CLI/GUI strings: type "max" | "avg" | "none". Throws Error for bad values.
  static PoolingConfig parse(const std::string& type, int kernel, int after_layer);
};

// x [T, D] -> [ceil(T / k), D]: zero right-padding to a multiple of k, then max or mean over each group of k
// frames (so a zero pad can win a max over negative values, as in the reference).
torch::Tensor apply_pooling(const torch::Tensor& x, const PoolingConfig& pooling);

// Frames after pooling for T input frames.
int64_t pooled_frames(int64_t frames, const PoolingConfig& pooling);

}  // namespace steerscope
