#pragma once
// Measures of discrete distributions used throughout the routing analyses. Conventions:
//  - entropies are in nats (natural log), like the reference's "expert_diversity" (steermoe.md §6),
//    with 0·log 0 = 0 and no epsilon (the reference adds 1e-8 inside the log);
//  - the Jensen-Shannon divergence is in bits (log base 2), so that it lies in [0, 1];
//  - the dominant expert of a frame is the argmax, the lowest index on exact ties.

#include <cstdint>
#include <vector>

namespace steerscope::analysis {

int dominant_index(const float* p, int n);

double entropy_nats(const float* p, int n);
double entropy_nats(const std::vector<double>& p);  // p need not be normalised; it is divided by its sum

// Largest minus second-largest value; for n == 1 the single value.
double top2_margin(const float* p, int n);

// JS(p, q) in bits. With q_index non-null, q is read as q[q_index[i]] against p[i] (an expert matching).
// Inputs are probability vectors (rows of a router trace); the result is clamped to [0, 1] against
// rounding.
double js_divergence_bits(const float* p, const float* q, int n, const int* q_index = nullptr);

}  // namespace steerscope::analysis
