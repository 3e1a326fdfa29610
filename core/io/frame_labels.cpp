#include "core/io/frame_labels.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace steerscope {

std::vector<std::string> frame_labels(const AlignmentTier& tier, double frame_rate_hz, int64_t frames) {
  if (!(std::isfinite(frame_rate_hz) && frame_rate_hz > 0))
    throw Error("frame_labels: tier '" + tier.name + "': frame rate " + std::to_string(frame_rate_hz) +
                " Hz must be positive");
  if (frames < 0) throw Error("frame_labels: tier '" + tier.name + "': negative frame count");
  std::vector<std::string> labels(static_cast<size_t>(frames));
  const double rate = frame_rate_hz;
  auto centre = [rate](int64_t i) { return (double(i) + 0.5) / rate; };

  // Items are applied last to first so that, where they overlap, the first listed is what remains.
  for (auto it = tier.items.rbegin(); it != tier.items.rend(); ++it) {
    if (!std::isfinite(it->start_s) || !std::isfinite(it->end_s)) continue;
    if (tier.kind == AlignmentTier::Kind::kPoint) {
      const double f = std::floor(it->start_s * rate);
      if (f >= 0 && f < double(frames)) labels[size_t(f)] = it->label;
      continue;
    }
    if (!(it->end_s > it->start_s)) continue;
    // First frame whose centre is >= start, and first whose centre is >= end; the estimates from the
    // arithmetic are corrected against centre() so that boundaries follow the exact comparison.
    auto first_at_or_after = [&](double t) {
      double est = std::ceil(t * rate - 0.5);
      int64_t i = int64_t(std::clamp(est, 0.0, double(frames)));
      while (i > 0 && centre(i - 1) >= t) --i;
      while (i < frames && centre(i) < t) ++i;
      return i;
    };
    const int64_t lo = first_at_or_after(it->start_s), hi = first_at_or_after(it->end_s);
    for (int64_t i = lo; i < hi; ++i) labels[size_t(i)] = it->label;
  }
  return labels;
}

}  // namespace steerscope
