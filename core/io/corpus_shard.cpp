#include "core/io/corpus_shard.h"

#include <cerrno>
#include <cstdlib>

#include "core/util/error.h"

namespace steerscope {

namespace {

// A whole decimal number in [1, 1e6]; false for anything else ("", "+1", "2x", "0").
bool parse_count(const std::string& s, int& out) {
  if (s.empty() || s.size() > 7 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  const long v = std::strtol(s.c_str(), nullptr, 10);
  if (v < 1 || v > 1000000) return false;
  out = int(v);
  return true;
}

}  // namespace

CorpusShard CorpusShard::parse(const std::string& text) {
  const size_t slash = text.find('/');
  CorpusShard s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.index > s.count)
    throw Error("shard '" + text + "': expected K/N with 1 <= K <= N, e.g. 2/8");
  return s;
}

uint64_t CorpusShard::id_hash(const std::string& id) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : id) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace steerscope
