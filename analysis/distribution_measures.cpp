#include "analysis/distribution_measures.h"

#include <algorithm>
#include <cmath>

namespace steerscope::analysis {

int dominant_index(const float* p, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (p[i] > p[best]) best = i;
  return best;
}

double entropy_nats(const float* p, int n) {
  double h = 0.0;
  for (int i = 0; i < n; ++i)
    if (p[i] > 0.0f) h -= double(p[i]) * std::log(double(p[i]));
  return std::max(0.0, h);
}

double entropy_nats(const std::vector<double>& p) {
  double total = 0.0;
  for (double v : p) total += v;
  if (total <= 0.0) return 0.0;
  double h = 0.0;
  for (double v : p) {
    if (v > 0.0) {
      const double q = v / total;
      h -= q * std::log(q);
    }
  }
  return std::max(0.0, h);
}

double top2_margin(const float* p, int n) {
  if (n <= 0) return 0.0;
  if (n == 1) return p[0];
  float first = -INFINITY, second = -INFINITY;
  for (int i = 0; i < n; ++i) {
    if (p[i] > first) {
      second = first;
      first = p[i];
    } else if (p[i] > second) {
      second = p[i];
    }
  }
  return double(first) - double(second);
}

double js_divergence_bits(const float* p, const float* q, int n, const int* q_index) {
  double js = 0.0;
  for (int i = 0; i < n; ++i) {
    const double a = p[i];
    const double b = q_index ? q[q_index[i]] : q[i];
    const double m = 0.5 * (a + b);
    if (a > 0.0) js += 0.5 * a * std::log2(a / m);
    if (b > 0.0) js += 0.5 * b * std::log2(b / m);
  }
  return std::clamp(js, 0.0, 1.0);
}

}  // namespace steerscope::analysis
