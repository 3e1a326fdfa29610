#include "views/waveform_summary.h"

#include <algorithm>

namespace steerscope::views {

WaveformSummary::WaveformSummary(const float* samples, size_t n) {
  std::vector<SampleExtremes> level;
  level.reserve(n / kBaseBlock + 1);
  for (size_t b = 0; b < n; b += kBaseBlock) {
    const size_t e = std::min(n, b + kBaseBlock);
    SampleExtremes x{samples[b], samples[b]};
    for (size_t i = b + 1; i < e; ++i) {
      x.min = std::min(x.min, samples[i]);
      x.max = std::max(x.max, samples[i]);
    }
    level.push_back(x);
  }
  while (!level.empty()) {
    levels_.push_back(level);
    if (level.size() <= 1) break;
    std::vector<SampleExtremes> next;
    next.reserve(level.size() / kFactor + 1);
    for (size_t b = 0; b < level.size(); b += kFactor) {
      SampleExtremes x = level[b];
      for (size_t i = b + 1; i < std::min(level.size(), b + kFactor); ++i) {
        x.min = std::min(x.min, level[i].min);
        x.max = std::max(x.max, level[i].max);
      }
      next.push_back(x);
    }
    level = std::move(next);
  }
}

size_t WaveformSummary::memoryBytes() const {
  size_t total = 0;
  for (const auto& l : levels_) total += l.size() * sizeof(SampleExtremes);
  return total;
}

SampleExtremes WaveformSummary::extremes(const float* samples, size_t n, int64_t begin, int64_t end) const {
  begin = std::max<int64_t>(begin, 0);
  end = std::min<int64_t>(end, int64_t(n));
  if (end <= begin) return {};
  SampleExtremes x{samples[begin], samples[begin]};
  // Whole blocks of the coarsest level that fits; the ragged ends recurse into finer levels, so the cost
  // is O(levels · kFactor + kBaseBlock) whatever the range.
  int level = -1;
  int64_t block = kBaseBlock;
  while (level + 1 < int(levels_.size()) && block <= end - begin) {
    ++level;
    block *= kFactor;
  }
  visit(samples, level, begin, end, x);
  return x;
}

void WaveformSummary::visit(const float* samples, int level, int64_t begin, int64_t end,
                            SampleExtremes& x) const {
  if (end <= begin) return;
  if (level < 0) {
    for (int64_t i = begin; i < end; ++i) {
      x.min = std::min(x.min, samples[i]);
      x.max = std::max(x.max, samples[i]);
    }
    return;
  }
  int64_t block = kBaseBlock;
  for (int k = 0; k < level; ++k) block *= kFactor;
  const int64_t first = (begin + block - 1) / block, last = end / block;
  if (first >= last) {
    visit(samples, level - 1, begin, end, x);
    return;
  }
  const auto& blocks = levels_[size_t(level)];
  for (int64_t b = first; b < last; ++b) {
    x.min = std::min(x.min, blocks[size_t(b)].min);
    x.max = std::max(x.max, blocks[size_t(b)].max);
  }
  visit(samples, level - 1, begin, first * block, x);
  visit(samples, level - 1, last * block, end, x);
}

}  // namespace steerscope::views
