#include "core/io/torch_archive.h"

#include <cstring>
#include <fstream>

#include "core/io/pickle_reader.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

struct StorageType {
  const char* name;
  DType dtype;
};

constexpr StorageType kStorageTypes[] = {
    {"torch.FloatStorage", DType::kF32},    {"torch.DoubleStorage", DType::kF64},
    {"torch.HalfStorage", DType::kF16},     {"torch.BFloat16Storage", DType::kBF16},
    {"torch.LongStorage", DType::kI64},     {"torch.IntStorage", DType::kI32},
    {"torch.ShortStorage", DType::kI16},    {"torch.CharStorage", DType::kI8},
    {"torch.ByteStorage", DType::kU8},      {"torch.BoolStorage", DType::kBool},
};

std::vector<int64_t> int_tuple(const PickleRef& v, const std::string& what) {
  if (!v || (v->kind != PickleValue::Kind::kTuple && v->kind != PickleValue::Kind::kList)) throw Error(what);
  std::vector<int64_t> out;
  for (const auto& x : v->items) {
    if (x->kind != PickleValue::Kind::kInt) throw Error(what);
    out.push_back(x->integer);
  }
  return out;
}

// The object that holds the tensors: the top-level dict, or a nested state_dict/model dict.
const PickleValue* find_state_dict(const PickleValue& root) {
  if (root.kind != PickleValue::Kind::kDict) return nullptr;
  for (const auto& [k, v] : root.entries)
    if (v->kind == PickleValue::Kind::kCall) return &root;
  for (const char* key : {"state_dict", "model", "module"})
    for (const auto& [k, v] : root.entries)
      if (k->kind == PickleValue::Kind::kString && k->text == key && v->kind == PickleValue::Kind::kDict)
        return v.get();
  return &root;
}

}  // namespace

bool is_torch_archive(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[4] = {};
  in.read(sig, 4);
  if (!in || !looks_like_zip(reinterpret_cast<const uint8_t*>(sig), 4)) return false;
  try {
    ZipArchive z(path);
    for (const auto& e : z.entries())
      if (e.name == "data.pkl" || (e.name.size() > 9 && e.name.compare(e.name.size() - 9, 9, "/data.pkl") == 0))
        return true;
  } catch (const Error&) {
  }
  return false;
}

TorchArchive::TorchArchive(const std::string& path) : zip_(path) {
  const ZipArchive::Entry* pkl = nullptr;
  for (const auto& e : zip_.entries()) {
    if (e.name == "data.pkl" || (e.name.size() > 9 && e.name.compare(e.name.size() - 9, 9, "/data.pkl") == 0)) {
      pkl = &e;
      break;
    }
  }
  if (!pkl) throw Error(path + ": zip archive has no data.pkl record; not a torch.save file");
  prefix_ = pkl->name.substr(0, pkl->name.size() - 8);  // keep the trailing '/'
  if (const auto* bo = zip_.find(prefix_ + "byteorder")) {
    std::string order(reinterpret_cast<const char*>(zip_.data(*bo)), bo->size);
    if (order != "little") throw Error(path + ": tensors were saved " + order + "-endian; only little-endian is supported");
  }

  const PickleRef root = read_pickle(zip_.data(*pkl), pkl->size, path + " (data.pkl)");
  const PickleValue* dict = find_state_dict(*root);
  if (!dict) throw Error(path + ": data.pkl does not hold a dict of tensors (a state_dict was expected)");

  for (const auto& [key, value] : dict->entries) {
    if (key->kind != PickleValue::Kind::kString) continue;
    const std::string& name = key->text;
    const std::string bad = path + ": tensor " + name + ": unexpected pickle layout";
    PickleRef call = value;
    // nn.Parameter: _rebuild_parameter(tensor, requires_grad, hooks)
    if (call->kind == PickleValue::Kind::kCall && call->items[0]->is_global("torch._utils._rebuild_parameter")) {
      const auto& args = call->items[1];
      if (args->kind != PickleValue::Kind::kTuple || args->items.empty()) throw Error(bad);
      call = args->items[0];
    }
    if (call->kind != PickleValue::Kind::kCall || !call->items[0]->is_global("torch._utils._rebuild_tensor_v2"))
      continue;  // not a tensor (e.g. an int version counter): not part of the tensor listing
    const auto& args = call->items[1];
    if (args->kind != PickleValue::Kind::kTuple || args->items.size() < 4) throw Error(bad);
    const auto& pid_holder = args->items[0];
    if (pid_holder->kind != PickleValue::Kind::kPersistentId || !pid_holder->pid ||
        pid_holder->pid->kind != PickleValue::Kind::kTuple || pid_holder->pid->items.size() < 5)
      throw Error(bad + " (storage reference)");
    const auto& pid = pid_holder->pid->items;
    if (pid[1]->kind != PickleValue::Kind::kGlobal || pid[2]->kind != PickleValue::Kind::kString ||
        pid[4]->kind != PickleValue::Kind::kInt || args->items[1]->kind != PickleValue::Kind::kInt)
      throw Error(bad + " (storage reference)");
    Record r;
    r.dtype_label = pid[1]->text;
    for (const auto& st : kStorageTypes)
      if (r.dtype_label == st.name) r.dtype = st.dtype;
    r.storage_key = pid[2]->text;
    r.storage_numel = pid[4]->integer;
    r.offset = args->items[1]->integer;
    r.shape = int_tuple(args->items[2], bad + " (size)");
    r.stride = int_tuple(args->items[3], bad + " (stride)");
    if (r.shape.size() != r.stride.size()) throw Error(bad + " (size and stride differ in rank)");
    for (auto d : r.shape)
      if (d < 0) throw Error(bad + " (negative dimension)");
    records_.emplace(name, std::move(r));
  }
}

std::vector<std::string> TorchArchive::names() const {
  std::vector<std::string> out;
  out.reserve(records_.size());
  for (const auto& [k, v] : records_) out.push_back(k);
  return out;
}

bool TorchArchive::contains(const std::string& name) const { return records_.count(name) > 0; }

TensorView TorchArchive::view(const std::string& name) const {
  auto it = records_.find(name);
  if (it == records_.end()) throw Error(zip_.path() + ": no tensor named " + name);
  const Record& r = it->second;
  TensorView v;
  v.name = name;
  v.dtype = r.dtype;
  v.dtype_label = r.dtype_label;
  v.shape = r.shape;
  v.file = zip_.path();
  if (r.dtype == DType::kUnsupported) return v;  // caller reports the dtype; no bytes to point at

  const size_t es = dtype_size(r.dtype);
  const auto* entry = zip_.find(prefix_ + "data/" + r.storage_key);
  if (!entry) throw Error(zip_.path() + ": tensor " + name + ": storage record data/" + r.storage_key + " missing");
  if (entry->size < uint64_t(r.storage_numel) * es)
    throw Error(zip_.path() + ": tensor " + name + ": storage record data/" + r.storage_key + " holds " +
                std::to_string(entry->size) + " bytes, expected " + std::to_string(uint64_t(r.storage_numel) * es));
  const uint8_t* storage = zip_.data(*entry);

  // Extent of the tensor inside its storage, and whether it is C-contiguous.
  int64_t numel = 1, last = r.offset;
  bool contiguous = true;
  int64_t expected_stride = 1;
  for (size_t d = r.shape.size(); d-- > 0;) {
    numel *= r.shape[d];
    if (r.shape[d] > 1 && r.stride[d] != expected_stride) contiguous = false;
    expected_stride *= r.shape[d];
    if (r.shape[d] > 0) last += (r.shape[d] - 1) * r.stride[d];
  }
  if (numel > 0 && (r.offset < 0 || last >= r.storage_numel))
    throw Error(zip_.path() + ": tensor " + name + " reaches past the end of its storage");
  v.nbytes = static_cast<size_t>(numel) * es;
  if (contiguous || numel == 0) {
    v.data = storage + size_t(r.offset) * es;
    return v;
  }
  std::lock_guard<std::mutex> lock(copies_mutex_);
  auto& copy = copies_[name];
  if (copy.empty()) {
    copy.resize(v.nbytes);
    std::vector<int64_t> idx(r.shape.size(), 0);
    for (int64_t i = 0; i < numel; ++i) {
      int64_t src = r.offset;
      for (size_t d = 0; d < idx.size(); ++d) src += idx[d] * r.stride[d];
      std::memcpy(copy.data() + size_t(i) * es, storage + size_t(src) * es, es);
      for (size_t d = idx.size(); d-- > 0;) {
        if (++idx[d] < r.shape[d]) break;
        idx[d] = 0;
      }
    }
  }
  v.data = copy.data();
  return v;
}

}  // namespace steerscope
