#pragma once
// Tensors of a torch.save zip archive (PyTorch >= 1.6), read without PyTorch and without loading the
// archive: only data.pkl is parsed, and each tensor's storage record is memory-mapped when it is viewed.
// This is how the reference's pytorch_model.bin (the full state dict, ~33 GB for Whisper + Qwen2.5-7B,
// of which the steering module is ~21 MB) is opened: the frozen encoder and LLM records are never read.
//
// The pickle must describe a dict (or OrderedDict) of tensors, possibly nested one level under "state_dict"
// or "model"; tensors are torch._utils._rebuild_tensor_v2 (or _rebuild_parameter) over storages with a
// persistent id ('storage', <dtype>Storage, key, location, numel). Non-contiguous tensors are copied into
// contiguous memory owned by the archive.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/io/zip_archive.h"

namespace steerscope {

class TorchArchive : public TensorSource {
 public:
  explicit TorchArchive(const std::string& path);

  std::vector<std::string> names() const override;
  bool contains(const std::string& name) const override;
  TensorView view(const std::string& name) const override;
  std::string description() const override { return zip_.path(); }

 private:
  struct Record {
    DType dtype = DType::kUnsupported;
    std::string dtype_label;   // e.g. "torch.FloatStorage"
    std::string storage_key;   // entry <prefix>/data/<key>
    int64_t storage_numel = 0;
    int64_t offset = 0;        // in elements
    std::vector<int64_t> shape, stride;
  };
  ZipArchive zip_;
  std::string prefix_;  // "<archive name>/"
  std::map<std::string, Record> records_;
  mutable std::mutex copies_mutex_;
  mutable std::map<std::string, std::vector<uint8_t>> copies_;  // non-contiguous tensors, made contiguous
};

// True if path is a zip archive with a data.pkl record (the torch.save format).
bool is_torch_archive(const std::string& path);

}  // namespace steerscope
