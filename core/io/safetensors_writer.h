#pragma once
// Writes safetensors files in the layout of the reference writer: header padded with spaces to a multiple
// of 8 bytes, tensors ordered by descending element size then by name, so every tensor is aligned to its
// own element size. The file is written to a temporary name and renamed into place, so a reader never
// sees a half-written checkpoint.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"

namespace steerscope {

class SafetensorsWriter {
 public:
  // Copies the bytes. Throws Error if the name is taken or the byte count does not match the shape.
  void add(const std::string& name, DType dtype, const std::vector<int64_t>& shape, const void* data, size_t nbytes);
  void add_f32(const std::string& name, const std::vector<int64_t>& shape, const std::vector<float>& values);
  void set_metadata(const std::string& key, const std::string& value) { metadata_[key] = value; }
  void write(const std::string& path) const;

 private:
  struct Pending {
    DType dtype;
    std::vector<int64_t> shape;
    std::vector<uint8_t> bytes;
  };
  std::map<std::string, Pending> tensors_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace steerscope
