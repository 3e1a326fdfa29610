#include "views/router_column.h"

#include <algorithm>
#include <cmath>

#include "analysis/distribution_measures.h"

namespace steerscope::views {

double routingConfidence(double p, int experts) {
  if (experts <= 1) return 1.0;
  const double uniform = 1.0 / experts;
  return std::clamp((p - uniform) / (1.0 - uniform), 0.0, 1.0);
}

int64_t frameAt(const RouterTrace& trace, double t) {
  if (trace.frame_rate_hz <= 0 || t < 0) return -1;
  const int64_t f = int64_t(std::floor(t * trace.frame_rate_hz));
  return f < trace.probs.rows ? f : -1;
}

bool routerColumn(const RouterTrace& trace, double t0, double t1, RouterColumn& column) {
  const double rate = trace.frame_rate_hz;
  if (rate <= 0 || trace.probs.rows == 0) return false;
  int64_t first = int64_t(std::ceil(t0 * rate - 0.5)), last = int64_t(std::ceil(t1 * rate - 0.5));
  if (last <= first) {
    first = int64_t(std::floor((t0 + t1) / 2.0 * rate));
    last = first + 1;
  }
  first = std::max<int64_t>(first, 0);
  last = std::min<int64_t>(last, trace.probs.rows);
  if (last <= first) return false;
  const int e = int(trace.probs.cols);
  column.first_frame = first;
  column.end_frame = last;
  column.mean.assign(size_t(e), 0.0f);
  for (int64_t f = first; f < last; ++f) {
    const float* p = trace.probs.row(f);
    for (int k = 0; k < e; ++k) column.mean[size_t(k)] += p[k];
  }
  const float inv = 1.0f / float(last - first);
  for (auto& v : column.mean) v *= inv;
  column.dominant = analysis::dominant_index(column.mean.data(), e);
  column.confidence = routingConfidence(column.mean[size_t(column.dominant)], e);
  return true;
}

}  // namespace steerscope::views
