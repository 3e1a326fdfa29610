#pragma once
// The corpus generator's reproducible random source. The corpus must be byte-identical for the same seed
// on every platform, so nothing here uses std:: distributions (their output sequences are
// implementation-defined: libstdc++ and libc++ differ); only std::mt19937_64, whose raw output the C++
// standard fixes, and distributions implemented below by rejection and bit slicing.
//
// Streams: one user seed gives independent streams (stream = a fixed number per purpose, e.g. one per
// split), so that, for example, the test sentences do not change when --train changes.

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace steerscope {

class CorpusRandom {
 public:
  explicit CorpusRandom(uint64_t seed, uint64_t stream = 0);

  uint64_t next() { return engine_(); }
  // Uniform in [0, n); n must be > 0.
  uint64_t below(uint64_t n);
  // Uniform in [lo, hi], both inclusive; lo <= hi.
  int64_t uniform_int(int64_t lo, int64_t hi);
  // Uniform in [0, 1), 53 random bits.
  double uniform_real();
  bool chance(double probability) { return uniform_real() < probability; }
  // Index drawn with probability weights[i] / sum(weights); weights must be >= 0 with a positive sum.
  size_t weighted_index(const std::vector<double>& weights);

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(below(items.size()))];
  }

  // Fisher-Yates, drawing with below() so that the permutation is the same everywhere.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[static_cast<size_t>(below(i))]);
  }

 private:
  std::mt19937_64 engine_;
};

// 64-bit FNV-1a of text, then mixed with seed: a platform-independent hash for assigning texts to splits.
uint64_t seeded_text_hash(uint64_t seed, const std::string& text);

}  // namespace steerscope
