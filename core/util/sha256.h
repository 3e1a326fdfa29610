#pragma once
// SHA-256 (FIPS 180-4), used to record the identity of checkpoints and audio files in recordings.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace steerscope {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  std::array<uint8_t, 32> digest();  // finalises; the object must not be updated afterwards
  std::string hex_digest();

 private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buf_{};
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

// Hex digest of a whole file, read in 1 MiB pieces (bounded memory for multi-GB checkpoints).
std::string sha256_file(const std::string& path);

}  // namespace steerscope
