#include "core/io/zip_archive.h"

#include <cstring>

#include "core/util/error.h"

namespace steerscope {

namespace {

template <typename T>
T rd(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEndSig = 0x06054b50,
                   kZip64EndSig = 0x06064b50, kZip64LocatorSig = 0x07064b50;

}  // namespace

bool looks_like_zip(const uint8_t* data, size_t size) {
  if (size < 4) return false;
  uint32_t sig = rd<uint32_t>(data);
  return sig == kLocalSig || sig == kEndSig;
}

ZipArchive::ZipArchive(const std::string& path) : file_(path) {
  const uint8_t* base = file_.data();
  const size_t size = file_.size();
  const std::string bad = path + ": not a valid ZIP archive: ";
  if (size < 22) throw Error(bad + "file is only " + std::to_string(size) + " bytes");

  // The end-of-central-directory record is the last 22 bytes plus up to 65535 bytes of comment.
  size_t eocd = std::string::npos;
  const size_t lowest = size > 22 + 65535 ? size - 22 - 65535 : 0;
  for (size_t pos = size - 22 + 1; pos-- > lowest;) {
    if (rd<uint32_t>(base + pos) == kEndSig) {
      eocd = pos;
      break;
    }
  }
  if (eocd == std::string::npos) throw Error(bad + "no end-of-central-directory record (truncated file?)");

  uint64_t count = rd<uint16_t>(base + eocd + 10);
  uint64_t cd_size = rd<uint32_t>(base + eocd + 12);
  uint64_t cd_offset = rd<uint32_t>(base + eocd + 16);
  if (count == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_offset == 0xFFFFFFFFu) {
    if (eocd < 20 || rd<uint32_t>(base + eocd - 20) != kZip64LocatorSig)
      throw Error(bad + "ZIP64 end-of-directory locator missing");
    const uint64_t z64 = rd<uint64_t>(base + eocd - 20 + 8);
    if (z64 + 56 > size || rd<uint32_t>(base + z64) != kZip64EndSig)
      throw Error(bad + "ZIP64 end-of-directory record missing or out of bounds");
    count = rd<uint64_t>(base + z64 + 32);
    cd_size = rd<uint64_t>(base + z64 + 40);
    cd_offset = rd<uint64_t>(base + z64 + 48);
  }
  if (cd_offset > size || cd_size > size - cd_offset) throw Error(bad + "central directory out of bounds (truncated file?)");

  size_t p = cd_offset;
  const size_t cd_end = cd_offset + cd_size;
  for (uint64_t i = 0; i < count; ++i) {
    if (p + 46 > cd_end || rd<uint32_t>(base + p) != kCentralSig)
      throw Error(bad + "central directory entry " + std::to_string(i) + " is damaged");
    Entry e;
    e.method = rd<uint16_t>(base + p + 10);
    e.compressed_size = rd<uint32_t>(base + p + 20);
    e.size = rd<uint32_t>(base + p + 24);
    const uint16_t name_len = rd<uint16_t>(base + p + 28);
    const uint16_t extra_len = rd<uint16_t>(base + p + 30);
    const uint16_t comment_len = rd<uint16_t>(base + p + 32);
    e.local_header_offset = rd<uint32_t>(base + p + 42);
    if (p + 46 + size_t(name_len) + extra_len + comment_len > cd_end)
      throw Error(bad + "central directory entry " + std::to_string(i) + " overruns the directory");
    e.name.assign(reinterpret_cast<const char*>(base + p + 46), name_len);
    // ZIP64 extended information: the 64-bit values appear only for fields saturated at 0xFFFFFFFF.
    const uint8_t* x = base + p + 46 + name_len;
    const uint8_t* x_end = x + extra_len;
    while (x + 4 <= x_end) {
      const uint16_t id = rd<uint16_t>(x), len = rd<uint16_t>(x + 2);
      if (x + 4 + len > x_end) break;
      if (id == 0x0001) {
        const uint8_t* f = x + 4;
        const uint8_t* f_end = f + len;
        if (e.size == 0xFFFFFFFFu && f + 8 <= f_end) { e.size = rd<uint64_t>(f); f += 8; }
        if (e.compressed_size == 0xFFFFFFFFu && f + 8 <= f_end) { e.compressed_size = rd<uint64_t>(f); f += 8; }
        if (e.local_header_offset == 0xFFFFFFFFu && f + 8 <= f_end) { e.local_header_offset = rd<uint64_t>(f); }
      }
      x += 4 + len;
    }
    by_name_[e.name] = entries_.size();
    entries_.push_back(std::move(e));
    p += 46 + size_t(name_len) + extra_len + comment_len;
  }
}

const ZipArchive::Entry* ZipArchive::find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

const uint8_t* ZipArchive::data(const Entry& e) const {
  const uint8_t* base = file_.data();
  const size_t size = file_.size();
  if (e.method != 0)
    throw Error(file_.path() + ": entry " + e.name + " is compressed (method " + std::to_string(e.method) +
                "); only stored entries, as torch.save writes them, can be read");
  if (e.local_header_offset + 30 > size || rd<uint32_t>(base + e.local_header_offset) != kLocalSig)
    throw Error(file_.path() + ": local header of entry " + e.name + " is damaged (truncated file?)");
  const uint16_t name_len = rd<uint16_t>(base + e.local_header_offset + 26);
  const uint16_t extra_len = rd<uint16_t>(base + e.local_header_offset + 28);
  const uint64_t start = e.local_header_offset + 30 + name_len + extra_len;
  if (start > size || e.size > size - start)
    throw Error(file_.path() + ": entry " + e.name + " extends past the end of the file (truncated file?)");
  return base + start;
}

}  // namespace steerscope
