#include "analysis/steering_comparison.h"

#include <cmath>
#include <string>

#include "analysis/hungarian_assignment.h"
#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

void check_constants(const ModelConstants& m, const char* which) {
  const size_t expected = size_t(m.layers) * size_t(m.experts) * size_t(m.dim);
  if (m.steering_vectors.size() != expected)
    throw Error(std::string("checkpoint ") + which + ": steering_vectors has " +
                std::to_string(m.steering_vectors.size()) + " values, expected " +
                shape_string({m.layers, m.experts, m.dim}));
  if (m.layer_scales.size() != size_t(m.layers))
    throw Error(std::string("checkpoint ") + which + ": layer_scales has " +
                std::to_string(m.layer_scales.size()) + " values, expected " + std::to_string(m.layers));
}

}  // namespace

std::vector<SteeringLayerComparison> compare_steering(const ModelConstants& a, const ModelConstants& b) {
  check_constants(a, "A");
  check_constants(b, "B");
  if (a.layers != b.layers || a.experts != b.experts || a.dim != b.dim)
    throw Error("checkpoints differ in shape: A has steering_vectors " +
                shape_string({a.layers, a.experts, a.dim}) + ", B " +
                shape_string({b.layers, b.experts, b.dim}));
  const int E = a.experts, D = a.dim;
  std::vector<SteeringLayerComparison> out;
  for (int l = 0; l < a.layers; ++l) {
    SteeringLayerComparison c;
    c.layer = l;
    auto vec = [&](const ModelConstants& m, int e) {
      return m.steering_vectors.data() + (size_t(l) * E + e) * D;
    };
    auto norm = [D](const float* v) {
      double s = 0.0;
      for (int k = 0; k < D; ++k) s += double(v[k]) * v[k];
      return std::sqrt(s);
    };
    c.norm_a.resize(size_t(E));
    c.norm_b.resize(size_t(E));
    for (int e = 0; e < E; ++e) {
      c.norm_a[size_t(e)] = norm(vec(a, e));
      c.norm_b[size_t(e)] = norm(vec(b, e));
    }
    c.cosine.assign(size_t(E) * E, 0.0);
    for (int i = 0; i < E; ++i) {
      for (int j = 0; j < E; ++j) {
        const float* va = vec(a, i);
        const float* vb = vec(b, j);
        double dot = 0.0;
        for (int k = 0; k < D; ++k) dot += double(va[k]) * vb[k];
        const double denom = c.norm_a[size_t(i)] * c.norm_b[size_t(j)];
        c.cosine[size_t(i) * E + j] = denom > 0.0 ? dot / denom : 0.0;
      }
    }
    c.matching = max_weight_assignment(c.cosine, E, E).column_of_row;
    c.matched_norm_difference.resize(size_t(E));
    for (int i = 0; i < E; ++i) {
      c.matched_mean_cosine += c.cosine[size_t(i) * E + c.matching[size_t(i)]] / E;
      c.identity_mean_cosine += c.cosine[size_t(i) * E + i] / E;
      c.matched_norm_difference[size_t(i)] = c.norm_b[size_t(c.matching[size_t(i)])] - c.norm_a[size_t(i)];
      c.mean_norm_a += c.norm_a[size_t(i)] / E;
      c.mean_norm_b += c.norm_b[size_t(i)] / E;
    }
    c.layer_scale_a = a.layer_scales[size_t(l)];
    c.layer_scale_b = b.layer_scales[size_t(l)];
    c.steering_strength_a = std::fabs(c.layer_scale_a) * c.mean_norm_a;
    c.steering_strength_b = std::fabs(c.layer_scale_b) * c.mean_norm_b;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace steerscope::analysis
