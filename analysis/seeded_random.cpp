#include "analysis/seeded_random.h"

namespace steerscope::analysis {

namespace {

// SplitMix64 finaliser: spreads nearby seeds (1, 2, 3, ...) over the whole state space.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

SeededRandom::SeededRandom(uint64_t seed, uint64_t stream)
    : engine_(mix(seed ^ mix(stream + 0x51ED2701ull))) {}

uint64_t SeededRandom::uniform_below(uint64_t n) {
  if (n <= 1) return 0;
  // Accept only draws below the largest multiple of n, so every residue is equally likely.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return x % n;
}

}  // namespace steerscope::analysis
