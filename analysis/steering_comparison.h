#pragma once
// Comparing the steering parameters of two checkpoints (ModelConstants), layer by layer.
//
// Expert indices are arbitrary across training runs: expert 3 of one run may play the role of expert 5
// of another. Each layer's experts are therefore matched one-to-one by the Hungarian method
// (hungarian_assignment.h) on the cosine similarity of their steering vectors V[l, e, :], maximising the
// total similarity; norms and routing are then compared expert by matched expert.

#include <vector>

#include "core/io/recording_types.h"

namespace steerscope::analysis {

struct SteeringLayerComparison {
  int layer = 0;
  std::vector<double> cosine;         // [E * E], row = expert of A, column = expert of B; 0 if either is zero
  std::vector<int> matching;          // [E]: A's expert i <-> B's expert matching[i]
  double matched_mean_cosine = 0.0;   // mean cosine over the matched pairs
  double identity_mean_cosine = 0.0;  // mean cosine of i <-> i, for comparison
  double layer_scale_a = 0.0;
  double layer_scale_b = 0.0;
  std::vector<double> norm_a;                   // [E]: ||V_a[l, i]||
  std::vector<double> norm_b;                   // [E]: ||V_b[l, j]||, B's own order
  std::vector<double> matched_norm_difference;  // [E]: ||V_b[l, matching[i]]|| - ||V_a[l, i]||
  double mean_norm_a = 0.0;
  double mean_norm_b = 0.0;
  // |layer_scale| · mean norm: the size of a steering step when one expert takes all the weight.
  double steering_strength_a = 0.0;
  double steering_strength_b = 0.0;
};

// Throws steerscope::Error if the two checkpoints differ in layers, experts or width, or a tensor has
// the wrong number of values.
std::vector<SteeringLayerComparison> compare_steering(const ModelConstants& a, const ModelConstants& b);

}  // namespace steerscope::analysis
