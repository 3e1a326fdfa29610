#include "core/io/safetensors_file.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {

namespace {

constexpr uint64_t kMaxHeaderSize = 100'000'000;

struct DTypeInfo {
  const char* name;
  int bits;
  DType dtype;
};

// Every dtype the safetensors format defines; those LibTorch 1.13 lacks map to kUnsupported so that the
// file still validates and the error comes only when such a tensor is actually used.
constexpr DTypeInfo kDTypes[] = {
    {"BOOL", 8, DType::kBool},          {"U8", 8, DType::kU8},
    {"I8", 8, DType::kI8},              {"I16", 16, DType::kI16},
    {"U16", 16, DType::kUnsupported},   {"F16", 16, DType::kF16},
    {"BF16", 16, DType::kBF16},         {"I32", 32, DType::kI32},
    {"U32", 32, DType::kUnsupported},   {"F32", 32, DType::kF32},
    {"F64", 64, DType::kF64},           {"I64", 64, DType::kI64},
    {"U64", 64, DType::kUnsupported},   {"C64", 64, DType::kUnsupported},
    {"F8_E5M2", 8, DType::kUnsupported}, {"F8_E4M3", 8, DType::kUnsupported},
    {"F8_E4M3FNUZ", 8, DType::kUnsupported}, {"F8_E5M2FNUZ", 8, DType::kUnsupported},
    {"F8_E8M0", 8, DType::kUnsupported}, {"F4", 4, DType::kUnsupported},
    {"F6_E2M3", 6, DType::kUnsupported}, {"F6_E3M2", 6, DType::kUnsupported},
};

const DTypeInfo* find_dtype(const std::string& s) {
  for (const auto& d : kDTypes)
    if (s == d.name) return &d;
  return nullptr;
}

// Parses the header, rejecting duplicate keys at the top level (nlohmann would silently keep the last).
nlohmann::json parse_header(const std::string& text, const std::string& path) {
  std::set<std::string> seen;
  std::string duplicate;
  nlohmann::json::parser_callback_t cb = [&](int depth, nlohmann::json::parse_event_t event,
                                              nlohmann::json& parsed) {
    if (depth == 1 && event == nlohmann::json::parse_event_t::key) {
      const auto& k = parsed.get_ref<const std::string&>();
      if (!seen.insert(k).second && duplicate.empty()) duplicate = k;
    }
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text, cb);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": safetensors header is not valid JSON (" + e.what() + ")");
  }
  if (!duplicate.empty()) throw Error(path + ": safetensors header lists tensor '" + duplicate + "' twice");
  if (!j.is_object()) throw Error(path + ": safetensors header is not a JSON object");
  return j;
}

}  // namespace

SafetensorsFile::SafetensorsFile(const std::string& path) : file_(path) {
  const size_t size = file_.size();
  if (size < 8)
    throw Error(path + ": file is " + std::to_string(size) + " bytes, too small to be a safetensors file");
  uint64_t n = 0;
  std::memcpy(&n, file_.data(), 8);  // little-endian on every platform we build for
  if (n > kMaxHeaderSize)
    throw Error(path + ": safetensors header length " + std::to_string(n) + " exceeds the limit of " +
                std::to_string(kMaxHeaderSize) + " bytes (not a safetensors file?)");
  if (8 + n > size)
    throw Error(path + ": safetensors header length " + std::to_string(n) + " exceeds the file size " +
                std::to_string(size) + " (truncated file?)");
  if (n < 2 || file_.data()[8] != '{')
    throw Error(path + ": safetensors header does not start with '{' (not a safetensors file?)");
  data_start_ = 8 + n;
  const std::string text(reinterpret_cast<const char*>(file_.data()) + 8, n);
  const nlohmann::json header = parse_header(text, path);

  struct Span {
    uint64_t begin, end;
    const std::string* name;
  };
  std::vector<Span> spans;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string& name = it.key();
    const nlohmann::json& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) throw Error(path + ": __metadata__ is not an object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string())
          throw Error(path + ": __metadata__ value for '" + m.key() + "' is not a string");
        metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    const std::string where = path + ": tensor " + name;
    if (!v.is_object()) throw Error(where + ": entry is not an object");
    auto dt = v.find("dtype");
    auto sh = v.find("shape");
    auto off = v.find("data_offsets");
    if (dt == v.end() || !dt->is_string()) throw Error(where + ": missing or non-string 'dtype'");
    if (sh == v.end() || !sh->is_array()) throw Error(where + ": missing or non-array 'shape'");
    if (off == v.end() || !off->is_array() || off->size() != 2)
      throw Error(where + ": 'data_offsets' must be an array [begin, end]");
    const DTypeInfo* info = find_dtype(dt->get<std::string>());
    if (!info) throw Error(where + ": unknown dtype '" + dt->get<std::string>() + "'");
    Entry e;
    e.dtype = info->dtype;
    e.dtype_label = info->name;
    uint64_t numel = 1;
    for (const auto& d : *sh) {
      if (!d.is_number_unsigned()) throw Error(where + ": shape " + sh->dump() + " has a non-integer or negative dimension");
      uint64_t dim = d.get<uint64_t>();
      if (dim != 0 && numel > (uint64_t(1) << 62) / dim) throw Error(where + ": shape " + sh->dump() + " overflows");
      numel *= dim;
      e.shape.push_back(static_cast<int64_t>(dim));
    }
    for (const auto& o : *off)
      if (!o.is_number_unsigned()) throw Error(where + ": data_offsets must be non-negative integers");
    e.begin = (*off)[0].get<uint64_t>();
    e.end = (*off)[1].get<uint64_t>();
    if (e.end < e.begin) throw Error(where + ": data_offsets end precedes begin");
    const uint64_t bits = numel * uint64_t(info->bits);
    if (bits % 8 != 0) throw Error(where + ": " + std::to_string(bits) + " bits is not a whole number of bytes");
    if (e.end - e.begin != bits / 8)
      throw Error(where + ": data_offsets span " + std::to_string(e.end - e.begin) + " bytes, but dtype " +
                  info->name + " and shape " + shape_string(e.shape) + " need " + std::to_string(bits / 8));
    auto [ins, ok] = entries_.emplace(name, std::move(e));
    spans.push_back({ins->second.begin, ins->second.end, &ins->first});
  }

  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  uint64_t cursor = 0;
  for (const auto& s : spans) {
    if (s.begin != cursor)
      throw Error(path + ": tensor " + *s.name + " starts at data offset " + std::to_string(s.begin) +
                  ", expected " + std::to_string(cursor) + " (tensors must tile the data buffer without holes or overlaps)");
    cursor = s.end;
  }
  const uint64_t data_size = size - data_start_;
  if (cursor != data_size)
    throw Error(path + ": header describes " + std::to_string(cursor) + " bytes of tensor data but the file holds " +
                std::to_string(data_size) + (cursor > data_size ? " (truncated file?)" : " (trailing bytes)"));
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [k, v] : entries_) out.push_back(k);
  return out;
}

bool SafetensorsFile::contains(const std::string& name) const { return entries_.count(name) > 0; }

TensorView SafetensorsFile::view(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw Error(file_.path() + ": no tensor named " + name);
  const Entry& e = it->second;
  TensorView v;
  v.name = name;
  v.dtype = e.dtype;
  v.dtype_label = e.dtype_label;
  v.shape = e.shape;
  v.data = file_.data() + data_start_ + e.begin;
  v.nbytes = static_cast<size_t>(e.end - e.begin);
  v.file = file_.path();
  return v;
}

SafetensorsCheckpoint::SafetensorsCheckpoint(const std::string& path) : path_(path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(path + ": no such file or directory");
  std::string index_path;
  if (fs::is_directory(path, ec)) {
    if (fs::exists(fs::path(path) / "model.safetensors")) {
      primary_file_ = (fs::path(path) / "model.safetensors").string();
    } else if (fs::exists(fs::path(path) / "model.safetensors.index.json")) {
      index_path = (fs::path(path) / "model.safetensors.index.json").string();
    } else {
      throw Error(path + ": directory has neither model.safetensors nor model.safetensors.index.json");
    }
  } else if (fs::path(path).extension() == ".json") {
    index_path = path;
  } else {
    primary_file_ = path;
  }

  if (index_path.empty()) {
    shards_.push_back(std::make_unique<SafetensorsFile>(primary_file_));
    for (const auto& n : shards_[0]->names()) owner_[n] = shards_[0].get();
    return;
  }

  primary_file_ = index_path;
  const nlohmann::json index = read_json_file(index_path);
  auto wm = index.find("weight_map");
  if (!index.is_object() || wm == index.end() || !wm->is_object())
    throw Error(index_path + ": missing 'weight_map' object");
  const fs::path dir = fs::path(index_path).parent_path();
  std::map<std::string, const SafetensorsFile*> by_file;
  for (auto it = wm->begin(); it != wm->end(); ++it) {
    if (!it.value().is_string()) throw Error(index_path + ": weight_map entry for " + it.key() + " is not a file name");
    const std::string shard = it.value().get<std::string>();
    if (!by_file.count(shard)) {
      const fs::path shard_path = dir / shard;
      if (!fs::exists(shard_path)) throw Error(index_path + ": shard " + shard + " (for " + it.key() + ") not found");
      shards_.push_back(std::make_unique<SafetensorsFile>(shard_path.string()));
      by_file[shard] = shards_.back().get();
    }
    const SafetensorsFile* f = by_file[shard];
    if (!f->contains(it.key()))
      throw Error(index_path + ": weight_map puts " + it.key() + " in " + shard + ", which has no such tensor");
    owner_[it.key()] = f;
  }
}

std::vector<std::string> SafetensorsCheckpoint::names() const {
  std::vector<std::string> out;
  out.reserve(owner_.size());
  for (const auto& [k, v] : owner_) out.push_back(k);
  return out;
}

bool SafetensorsCheckpoint::contains(const std::string& name) const { return owner_.count(name) > 0; }

TensorView SafetensorsCheckpoint::view(const std::string& name) const {
  auto it = owner_.find(name);
  if (it == owner_.end()) throw Error(primary_file_ + ": no tensor named " + name);
  return it->second->view(name);
}

std::string SafetensorsCheckpoint::description() const {
  if (shards_.size() == 1) return primary_file_;
  return primary_file_ + " (" + std::to_string(shards_.size()) + " shards)";
}

}  // namespace steerscope
