#pragma once
// A read-only collection of named tensors in a checkpoint file (or a set of files). Implementations:
// SafetensorsFile (one .safetensors file), SafetensorsCheckpoint (a Hugging Face model directory, single
// file or sharded), TorchArchive (a torch.save zip archive such as the reference's pytorch_model.bin).
//
// Views point into memory-mapped files and stay valid as long as the source lives; no tensor is read
// until its view's bytes are touched. This layer knows nothing about LibTorch; core/model converts views
// to tensors.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace steerscope {

enum class DType { kF64, kF32, kF16, kBF16, kI64, kI32, kI16, kI8, kU8, kBool, kUnsupported };

// Size in bytes of one element (0 for kUnsupported).
size_t dtype_size(DType t);
// The safetensors spelling: "F32", "BF16", ...
const char* dtype_name(DType t);

struct TensorView {
  std::string name;
  DType dtype = DType::kUnsupported;
  std::string dtype_label;       // as written in the file ("F32", "F8_E4M3", "torch.BFloat16Storage", ...)
  std::vector<int64_t> shape;    // C order
  const uint8_t* data = nullptr; // little-endian elements, C-contiguous; may be unaligned
  size_t nbytes = 0;
  std::string file;              // where the bytes live, for error messages

  int64_t numel() const;
};

class TensorSource {
 public:
  virtual ~TensorSource() = default;
  virtual std::vector<std::string> names() const = 0;  // sorted
  virtual bool contains(const std::string& name) const = 0;
  // Throws Error "<file>: no tensor named <name>" if absent.
  virtual TensorView view(const std::string& name) const = 0;
  // What this source is, for messages: a path, or "dir (3 shards)".
  virtual std::string description() const = 0;
};

}  // namespace steerscope

#include <memory>

namespace steerscope {

// Opens any supported checkpoint: a .safetensors file, a sharded index .json, a torch.save zip archive
// (.bin/.pt/.pth, detected by content), or a Hugging Face model directory (model.safetensors or
// model.safetensors.index.json). Throws Error naming the path and what it found instead.
std::unique_ptr<TensorSource> open_tensor_source(const std::string& path);

}  // namespace steerscope
