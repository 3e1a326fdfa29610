#pragma once
// A read-only memory map of a whole file. Checkpoints are mapped rather than read so that a 33 GB
// reference pytorch_model.bin costs only the pages of the tensors actually used.

#include <cstddef>
#include <cstdint>
#include <string>

namespace steerscope {

class MappedFile {
 public:
  // Throws Error naming the path if the file cannot be opened or mapped. An empty file maps to
  // data() == nullptr, size() == 0.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  void release() noexcept;
  std::string path_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace steerscope
