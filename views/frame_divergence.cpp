#include "views/frame_divergence.h"

#include <limits>

#include "analysis/distribution_measures.h"
#include "analysis/frame_time_map.h"

namespace steerscope::views {

std::vector<float> frameDivergenceBits(const RouterTrace& a, const RouterTrace& b,
                                       const std::vector<int>* matching) {
  std::vector<float> out(size_t(a.probs.rows), std::numeric_limits<float>::quiet_NaN());
  if (a.probs.cols != b.probs.cols || a.probs.rows == 0 || b.probs.rows == 0) return out;
  const int e = int(a.probs.cols);
  const int* index = matching && int(matching->size()) == e ? matching->data() : nullptr;
  const auto partner =
      analysis::map_frames_by_centre(a.frame_rate_hz, a.probs.rows, b.frame_rate_hz, b.probs.rows);
  for (int64_t f = 0; f < a.probs.rows; ++f) {
    const int64_t g = partner[size_t(f)];
    if (g < 0) continue;
    out[size_t(f)] = float(analysis::js_divergence_bits(a.probs.row(f), b.probs.row(g), e, index));
  }
  return out;
}

}  // namespace steerscope::views
