#include "core/util/npy_file.h"

#include <cstring>
#include <fstream>
#include <regex>

#include "core/util/error.h"

namespace steerscope {

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

namespace {

template <typename T>
T load_le(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename Out>
std::vector<Out> convert(const NpyArray& a) {
  const int64_t n = a.numel();
  std::vector<Out> out(static_cast<size_t>(n));
  const uint8_t* p = a.bytes.data();
  for (int64_t i = 0; i < n; ++i) {
    if (a.dtype == "f4") out[i] = static_cast<Out>(load_le<float>(p + 4 * i));
    else if (a.dtype == "f8") out[i] = static_cast<Out>(load_le<double>(p + 8 * i));
    else if (a.dtype == "i4") out[i] = static_cast<Out>(load_le<int32_t>(p + 4 * i));
    else if (a.dtype == "i8") out[i] = static_cast<Out>(load_le<int64_t>(p + 8 * i));
    else if (a.dtype == "u1") out[i] = static_cast<Out>(p[i]);
    else throw Error("npy: unsupported dtype '" + a.dtype + "'");
  }
  return out;
}

size_t itemsize(const std::string& dtype, const std::string& path) {
  if (dtype == "f4" || dtype == "i4") return 4;
  if (dtype == "f8" || dtype == "i8") return 8;
  if (dtype == "u1") return 1;
  throw Error(path + ": unsupported npy dtype '" + dtype + "' (expected f4, f8, i4, i8 or u1)");
}

void write_npy_bytes(const std::string& path, const std::vector<int64_t>& shape, const char* descr,
                     const void* data, size_t bytes) {
  std::string shp = "(";
  for (size_t i = 0; i < shape.size(); ++i) shp += std::to_string(shape[i]) + (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
  shp += ")";
  std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shp + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path + ": cannot create");
  out.write("\x93NUMPY\x01\x00", 8);
  uint16_t hl = static_cast<uint16_t>(header.size());
  out.write(reinterpret_cast<const char*>(&hl), 2);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  if (!out) throw Error(path + ": write failed");
}

}  // namespace

std::vector<float> NpyArray::to_float() const { return convert<float>(*this); }
std::vector<int64_t> NpyArray::to_int64() const { return convert<int64_t>(*this); }

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  char magic[8];
  in.read(magic, 8);
  if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw Error(path + ": not a .npy file (bad magic)");
  uint32_t header_len = 0;
  if (magic[6] == 1) {
    uint16_t hl;
    in.read(reinterpret_cast<char*>(&hl), 2);
    header_len = hl;
  } else {
    in.read(reinterpret_cast<char*>(&header_len), 4);
  }
  std::string header(header_len, '\0');
  in.read(header.data(), header_len);
  if (!in) throw Error(path + ": truncated npy header");

  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([<>|=])([a-z][0-9]+)'")))
    throw Error(path + ": npy header has no descr");
  if (m[1] == ">") throw Error(path + ": big-endian npy files are not supported");
  NpyArray a;
  a.dtype = m[2];
  const bool fortran = std::regex_search(header, std::regex("'fortran_order':\\s*True"));
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)")))
    throw Error(path + ": npy header has no shape");
  std::string dims = m[1];
  std::regex num("[0-9]+");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num); it != std::sregex_iterator(); ++it)
    a.shape.push_back(std::stoll(it->str()));
  size_t bytes = static_cast<size_t>(a.numel()) * itemsize(a.dtype, path);
  a.bytes.resize(bytes);
  in.read(reinterpret_cast<char*>(a.bytes.data()), static_cast<std::streamsize>(bytes));
  if (static_cast<size_t>(in.gcount()) != bytes)
    throw Error(path + ": truncated npy data (expected " + std::to_string(bytes) + " bytes)");
  if (fortran && a.shape.size() > 1) {
    // Column-major on disk: element (i0, i1, ...) is at offset i0 + d0*(i1 + d1*(...)). Reorder to C order.
    const size_t es = itemsize(a.dtype, path);
    std::vector<uint8_t> c_order(bytes);
    std::vector<int64_t> idx(a.shape.size(), 0);
    for (int64_t i = 0; i < a.numel(); ++i) {
      int64_t f = 0;
      for (size_t d = a.shape.size(); d-- > 0;) f = f * a.shape[d] + idx[d];
      std::memcpy(c_order.data() + size_t(i) * es, a.bytes.data() + size_t(f) * es, es);
      for (size_t d = a.shape.size(); d-- > 0;) {
        if (++idx[d] < a.shape[d]) break;
        idx[d] = 0;
      }
    }
    a.bytes.swap(c_order);
  }
  return a;
}

void write_npy(const std::string& path, const std::vector<int64_t>& shape, const float* data) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  write_npy_bytes(path, shape, "<f4", data, static_cast<size_t>(n) * 4);
}

void write_npy(const std::string& path, const std::vector<int64_t>& shape, const int64_t* data) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  write_npy_bytes(path, shape, "<i8", data, static_cast<size_t>(n) * 8);
}

}  // namespace steerscope
