#include <filesystem>
#include <fstream>

#include "core/io/safetensors_file.h"
#include "core/io/tensor_source.h"
#include "core/io/torch_archive.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope {

std::unique_ptr<TensorSource> open_tensor_source(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file or directory");
  if (fs::is_directory(path, ec)) return std::make_unique<SafetensorsCheckpoint>(path);
  if (fs::path(path).extension() == ".json") return std::make_unique<SafetensorsCheckpoint>(path);

  unsigned char head[9] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const auto got = in.gcount();
  if (got >= 4 && (head[0] == 'P' && head[1] == 'K')) {
    if (is_torch_archive(path)) return std::make_unique<TorchArchive>(path);
    throw Error(path + ": a ZIP archive without data.pkl; not a torch.save checkpoint");
  }
  if (got >= 2 && head[0] == 0x80 && head[1] <= 5)
    throw Error(path + ": legacy (pre-1.6, non-zip) torch serialization is not supported; re-save it with "
                "torch.save(..., _use_new_zipfile_serialization=True) or export to safetensors");
  // Anything else is validated as safetensors, whose checks give the most specific message.
  return std::make_unique<SafetensorsFile>(path);
}

}  // namespace steerscope
