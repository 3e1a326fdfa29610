#pragma once
// NumPy .npy files (format versions 1.0-3.0, little-endian f4/f8/i4/i8/u1; Fortran-ordered arrays are
// reordered to C order on reading). Used for the
// conformance references produced by the upstream Python implementations and for tensor dumps that users
// load back into NumPy.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope {

struct NpyArray {
  std::string dtype;            // NumPy descr without byte order, e.g. "f4", "i8"
  std::vector<int64_t> shape;   // C order
  std::vector<uint8_t> bytes;   // element data, little-endian

  int64_t numel() const;
  // Values converted to float / int64 (throws Error if the dtype is not numeric).
  std::vector<float> to_float() const;
  std::vector<int64_t> to_int64() const;
};

NpyArray read_npy(const std::string& path);
void write_npy(const std::string& path, const std::vector<int64_t>& shape, const float* data);
void write_npy(const std::string& path, const std::vector<int64_t>& shape, const int64_t* data);

}  // namespace steerscope
