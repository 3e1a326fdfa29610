#include "core/corpus/corpus_random.h"

#include <string>

#include "core/util/error.h"

namespace steerscope {

namespace {

// SplitMix64 finaliser: spreads nearby seeds (1, 2, 3, ...) over the whole state space.
uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

CorpusRandom::CorpusRandom(uint64_t seed, uint64_t stream) : engine_(mix64(seed ^ mix64(stream + 0xC0A9u))) {}

uint64_t CorpusRandom::below(uint64_t n) {
  if (n == 0) throw Error("CorpusRandom::below: empty range");
  if (n == 1) return 0;
  // Accept only draws below the largest multiple of n, so that every residue is equally likely.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return x % n;
}

int64_t CorpusRandom::uniform_int(int64_t lo, int64_t hi) {
  if (hi < lo) throw Error("CorpusRandom::uniform_int: empty range");
  return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
}

double CorpusRandom::uniform_real() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

size_t CorpusRandom::weighted_index(const std::vector<double>& weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0)) throw Error("CorpusRandom::weighted_index: negative or NaN weight");
    total += w;
  }
  if (!(total > 0.0)) throw Error("CorpusRandom::weighted_index: weights sum to zero");
  const double x = uniform_real() * total;
  double acc = 0.0;
  for (size_t i = 0; i < weights.size(); ++i) {
    acc += weights[i];
    if (x < acc) return i;
  }
  // Rounding can leave x just above the last partial sum: fall back to the last positive weight.
  for (size_t i = weights.size(); i > 0; --i)
    if (weights[i - 1] > 0.0) return i - 1;
  return 0;
}

uint64_t seeded_text_hash(uint64_t seed, const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return mix64(h ^ mix64(seed));
}

}  // namespace steerscope
