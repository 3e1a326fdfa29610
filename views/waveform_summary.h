#pragma once
// Min/max envelopes of a waveform at a ladder of block sizes (64, 256, 1024, ... samples), so that a
// waveform pane finds the extremes of any column in O(few blocks) however long the audio: one hour at
// 16 kHz (57.6 M samples) needs ~1.2 M envelope pairs (about 10 MB), built in one pass.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace steerscope::views {

struct SampleExtremes {
  float min = 0.0f;
  float max = 0.0f;
};

class WaveformSummary {
 public:
  static constexpr int kBaseBlock = 64;
  static constexpr int kFactor = 4;

  WaveformSummary() = default;
  WaveformSummary(const float* samples, size_t n);

  // Extremes of samples [begin, end) (clipped to the audio); {0, 0} for an empty range. Exact: blocks are
  // used only where they lie wholly inside the range.
  SampleExtremes extremes(const float* samples, size_t n, int64_t begin, int64_t end) const;
  size_t levels() const { return levels_.size(); }
  size_t memoryBytes() const;

 private:
  void visit(const float* samples, int level, int64_t begin, int64_t end, SampleExtremes& x) const;
  std::vector<std::vector<SampleExtremes>> levels_;  // levels_[k]: blocks of kBaseBlock·kFactor^k samples
};

}  // namespace steerscope::views
