#pragma once
// Reproducible random numbers for the permutation tests and the reservoir. std::mt19937_64's output
// sequence is fixed by the C++ standard, but std::uniform_int_distribution's is not (it differs between
// libstdc++ and libc++), so bounded integers are drawn here by rejection from the raw 64-bit output:
// the same seed gives the same p-values on every platform.

#include <cstdint>
#include <random>

namespace steerscope::analysis {

class SeededRandom {
 public:
  // Independent streams from one user seed: e.g. stream = layer index, so a layer's permutations do not
  // depend on which other layers are analysed or in which thread order.
  explicit SeededRandom(uint64_t seed, uint64_t stream = 0);

  uint64_t next() { return engine_(); }
  // Uniform in [0, n); n must be > 0.
  uint64_t uniform_below(uint64_t n);

 private:
  std::mt19937_64 engine_;
};

}  // namespace steerscope::analysis
