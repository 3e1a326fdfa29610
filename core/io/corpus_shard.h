#pragma once
// Splitting a corpus across machines: shard K of N takes the utterances whose id hashes to K - 1 modulo N.
// The hash is 64-bit FNV-1a over the id's UTF-8 bytes, so the assignment depends on nothing but the id:
// not on the order of the manifest, on the other utterances, or on the machine. Any job scheduler can
// therefore run `record --shard K/N` for K = 1..N in any order, a shard can be resumed after its corpus
// grew, and the shards never overlap, so `merge` can join them. Shard sizes are binomial: about equal
// for corpora of thousands of utterances, uneven for a handful.
//
// The same assignment in Python, for tools outside SteerScope:
//   def shard_of(utt_id, n):
//       h = 0xcbf29ce484222325
//       for b in utt_id.encode("utf-8"):
//           h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
//       return h % n + 1

#include <cstdint>
#include <string>

namespace steerscope {

struct CorpusShard {
  int index = 1;  // K, 1-based
  int count = 1;  // N; 1/1 is the whole corpus

  // Parses "K/N" with 1 <= K <= N. Throws Error quoting the text otherwise.
  static CorpusShard parse(const std::string& text);
  static uint64_t id_hash(const std::string& id);  // 64-bit FNV-1a of the bytes

  bool contains(const std::string& id) const { return int(id_hash(id) % uint64_t(count)) + 1 == index; }
  bool is_whole() const { return count == 1; }
  std::string to_string() const { return std::to_string(index) + "/" + std::to_string(count); }
};

}  // namespace steerscope
