#pragma once
// safetensors files (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of JSON
// header, then the packed tensor data. The header is validated as strictly as the reference Rust reader
// does (formats.md §1): N <= 100,000,000; the JSON is an object without duplicate keys; every entry has a
// known dtype, a non-negative shape and [begin, end) offsets; sorted by offset the entries tile the data
// buffer from 0 with no holes or overlaps; each entry's byte size equals numel * element size; and the
// buffer ends exactly at the end of the file. Any violation is an Error naming the file and the entry.
//
// SafetensorsCheckpoint opens a Hugging Face model directory (model.safetensors, or sharded
// model-0000i-of-0000K.safetensors with model.safetensors.index.json).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/tensor_source.h"
#include "core/util/mapped_file.h"

namespace steerscope {

class SafetensorsFile : public TensorSource {
 public:
  explicit SafetensorsFile(const std::string& path);

  std::vector<std::string> names() const override;
  bool contains(const std::string& name) const override;
  TensorView view(const std::string& name) const override;
  std::string description() const override { return file_.path(); }

  // The optional "__metadata__" string map (transformers writes {"format": "pt"}).
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::string& path() const { return file_.path(); }

 private:
  struct Entry {
    DType dtype;
    std::string dtype_label;
    std::vector<int64_t> shape;
    uint64_t begin, end;  // relative to the data buffer
  };
  MappedFile file_;
  uint64_t data_start_ = 0;
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::string> metadata_;
};

class SafetensorsCheckpoint : public TensorSource {
 public:
  // path: a directory holding model.safetensors or model.safetensors.index.json, a .safetensors file, or
  // an index .json file.
  explicit SafetensorsCheckpoint(const std::string& path);

  std::vector<std::string> names() const override;
  bool contains(const std::string& name) const override;
  TensorView view(const std::string& name) const override;
  std::string description() const override;

  // The file that identifies the weights (model.safetensors, or the index for sharded checkpoints).
  const std::string& primary_file() const { return primary_file_; }
  size_t shard_count() const { return shards_.size(); }

 private:
  std::string path_, primary_file_;
  std::vector<std::unique_ptr<SafetensorsFile>> shards_;
  std::map<std::string, const SafetensorsFile*> owner_;  // tensor name -> shard
};

}  // namespace steerscope
