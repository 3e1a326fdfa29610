#pragma once
// Read-only access to the entries of a ZIP archive (including ZIP64, which torch.save uses for archives
// over 4 GiB), without extracting it: entries that are stored uncompressed, as torch.save writes every
// record, are returned as pointers into the memory map. Compressed entries are listed but cannot be read.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/util/mapped_file.h"

namespace steerscope {

class ZipArchive {
 public:
  struct Entry {
    std::string name;
    uint16_t method = 0;          // 0 = stored
    uint64_t compressed_size = 0;
    uint64_t size = 0;
    uint64_t local_header_offset = 0;
  };

  // Throws Error naming the path if the file is not a ZIP archive or its directory is damaged.
  explicit ZipArchive(const std::string& path);

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(const std::string& name) const;
  // Pointer to the bytes of a stored entry (size() bytes). Throws Error if compressed or out of bounds.
  const uint8_t* data(const Entry& e) const;
  const std::string& path() const { return file_.path(); }

 private:
  MappedFile file_;
  std::vector<Entry> entries_;
  std::map<std::string, size_t> by_name_;
};

// True if the file starts with a ZIP local-file or end-of-directory signature.
bool looks_like_zip(const uint8_t* data, size_t size);

}  // namespace steerscope
