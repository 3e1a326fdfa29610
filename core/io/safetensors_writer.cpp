#include "core/io/safetensors_writer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace steerscope {

void SafetensorsWriter::add(const std::string& name, DType dtype, const std::vector<int64_t>& shape,
                            const void* data, size_t nbytes) {
  if (name == "__metadata__" || name.empty()) throw Error("safetensors: invalid tensor name '" + name + "'");
  if (tensors_.count(name)) throw Error("safetensors: tensor " + name + " added twice");
  if (dtype == DType::kUnsupported) throw Error("safetensors: tensor " + name + " has no supported dtype");
  int64_t numel = 1;
  for (auto d : shape) {
    if (d < 0) throw Error("safetensors: tensor " + name + " has a negative dimension");
    numel *= d;
  }
  if (size_t(numel) * dtype_size(dtype) != nbytes)
    throw Error("safetensors: tensor " + name + " shape " + shape_string(shape) + " needs " +
                std::to_string(size_t(numel) * dtype_size(dtype)) + " bytes, got " + std::to_string(nbytes));
  Pending p{dtype, shape, std::vector<uint8_t>(nbytes)};
  if (nbytes) std::memcpy(p.bytes.data(), data, nbytes);
  tensors_.emplace(name, std::move(p));
}

void SafetensorsWriter::add_f32(const std::string& name, const std::vector<int64_t>& shape, const std::vector<float>& values) {
  add(name, DType::kF32, shape, values.data(), values.size() * sizeof(float));
}

void SafetensorsWriter::write(const std::string& path) const {
  std::vector<const std::pair<const std::string, Pending>*> order;
  for (const auto& kv : tensors_) order.push_back(&kv);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return dtype_size(a->second.dtype) > dtype_size(b->second.dtype);
  });
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata_.empty()) header["__metadata__"] = metadata_;
  uint64_t offset = 0;
  for (const auto* kv : order) {
    const Pending& p = kv->second;
    header[kv->first] = {{"dtype", dtype_name(p.dtype)}, {"shape", p.shape}, {"data_offsets", {offset, offset + p.bytes.size()}}};
    offset += p.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot create");
    const uint64_t n = text.size();
    out.write(reinterpret_cast<const char*>(&n), 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto* kv : order)
      out.write(reinterpret_cast<const char*>(kv->second.bytes.data()), static_cast<std::streamsize>(kv->second.bytes.size()));
    if (!out.flush()) throw Error(path + ": write failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw Error(path + ": cannot rename " + tmp + " into place");
}

}  // namespace steerscope
