#pragma once
// Hand-built router traces and alignment tiers for the analysis tests and the benchmark: frames routed
// to known experts, tiers with known labels, so that every expected statistic can be worked out by hand.

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/seeded_random.h"
#include "core/io/recording_types.h"

namespace steerscope::test {

// Portable random draws (std::*_distribution differ between standard libraries, which would make the
// seeded test corpora, and so the expected p-values, platform-dependent).
class TestRandom {
 public:
  explicit TestRandom(uint64_t seed) : random_(seed) {}
  int uniform_int(int lo, int hi) { return lo + int(random_.uniform_below(uint64_t(hi - lo + 1))); }
  double uniform01() { return double(random_.next() >> 11) * 0x1.0p-53; }
  double normal() {  // Box-Muller
    const double u1 = 1.0 - uniform01(), u2 = uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  analysis::SeededRandom random_;
};

// A trace whose frame i puts probability `peak` on experts[i] and spreads the rest evenly.
inline RouterTrace peaked_trace(int layer, const std::vector<int>& experts, int num_experts,
                                double rate_hz = 50.0, float peak = 1.0f) {
  RouterTrace t;
  t.layer = layer;
  t.frame_rate_hz = rate_hz;
  t.valid_frames = static_cast<int64_t>(experts.size());
  t.probs = FloatMatrix(static_cast<int64_t>(experts.size()), num_experts,
                        num_experts > 1 ? (1.0f - peak) / float(num_experts - 1) : 0.0f);
  for (size_t i = 0; i < experts.size(); ++i)
    t.probs.at(int64_t(i), experts[i]) = num_experts > 1 ? peak : 1.0f;
  return t;
}

// A trace from explicit rows.
inline RouterTrace trace_from_rows(int layer, const std::vector<std::vector<float>>& rows,
                                   int64_t valid_frames, double rate_hz = 50.0) {
  RouterTrace t;
  t.layer = layer;
  t.frame_rate_hz = rate_hz;
  t.valid_frames = valid_frames;
  t.probs = FloatMatrix(int64_t(rows.size()), rows.empty() ? 0 : int64_t(rows[0].size()));
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t e = 0; e < rows[i].size(); ++e) t.probs.at(int64_t(i), int64_t(e)) = rows[i][e];
  return t;
}

// A softmax of random logits: a router that ignores the audio. scale = logit spread (0 = exactly uniform).
inline RouterTrace random_trace(int layer, int64_t frames, int num_experts, TestRandom& rng, double scale,
                                double rate_hz = 50.0) {
  RouterTrace t;
  t.layer = layer;
  t.frame_rate_hz = rate_hz;
  t.valid_frames = frames;
  t.probs = FloatMatrix(frames, num_experts);
  for (int64_t i = 0; i < frames; ++i) {
    std::vector<double> z(static_cast<size_t>(num_experts));
    double sum = 0.0;
    for (auto& v : z) {
      v = std::exp(scale * rng.normal());
      sum += v;
    }
    for (int e = 0; e < num_experts; ++e) t.probs.at(i, e) = float(z[size_t(e)] / sum);
  }
  return t;
}

// An interval tier from (label, number of frames) runs at rate_hz, starting at 0.
inline AlignmentTier tier_from_runs(const std::string& name,
                                    const std::vector<std::pair<std::string, int>>& runs,
                                    double rate_hz = 50.0) {
  AlignmentTier tier;
  tier.name = name;
  int64_t frame = 0;
  for (const auto& [label, count] : runs) {
    tier.items.push_back({double(frame) / rate_hz, double(frame + count) / rate_hz, label});
    frame += count;
  }
  return tier;
}

// Frame-by-frame expansion of runs: one entry per frame.
template <typename T>
std::vector<T> expand_runs(const std::vector<std::pair<T, int>>& runs) {
  std::vector<T> out;
  for (const auto& [value, count] : runs)
    for (int i = 0; i < count; ++i) out.push_back(value);
  return out;
}

}  // namespace steerscope::test
