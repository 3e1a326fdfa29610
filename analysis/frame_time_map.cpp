#include "analysis/frame_time_map.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/util/error.h"

namespace steerscope::analysis {

std::vector<int64_t> map_frames_by_centre(double rate_from, int64_t n_from, double rate_to, int64_t n_to) {
  if (!(rate_from > 0.0) || !(rate_to > 0.0))
    throw Error("frame mapping: frame rates must be positive, got " + std::to_string(rate_from) + " Hz and " +
                std::to_string(rate_to) + " Hz");
  std::vector<int64_t> out(size_t(std::max<int64_t>(n_from, 0)), -1);
  const double ratio = rate_to / rate_from;
  for (int64_t i = 0; i < n_from; ++i) {
    const auto j = static_cast<int64_t>(std::floor((double(i) + 0.5) * ratio));
    if (j >= 0 && j < n_to) out[size_t(i)] = j;
  }
  return out;
}

}  // namespace steerscope::analysis
