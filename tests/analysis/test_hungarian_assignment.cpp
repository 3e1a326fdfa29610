// The Hungarian method against brute force over all assignments, on random small matrices (with many
// ties, negative entries and rectangular shapes), plus the input checks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

#include "analysis/hungarian_assignment.h"
#include "core/util/error.h"

namespace steerscope::analysis {
namespace {

// Minimum over all injective maps rows -> columns, by enumerating column permutations.
double brute_force_min(const std::vector<double>& cost, int rows, int columns) {
  std::vector<int> cols(static_cast<size_t>(columns));
  std::iota(cols.begin(), cols.end(), 0);
  double best = std::numeric_limits<double>::infinity();
  do {
    double total = 0.0;
    for (int r = 0; r < rows; ++r) total += cost[size_t(r) * columns + cols[size_t(r)]];
    best = std::min(best, total);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}

void expect_valid(const Assignment& a, const std::vector<double>& m, int rows, int columns) {
  ASSERT_EQ(int(a.column_of_row.size()), rows);
  std::set<int> used;
  double total = 0.0;
  for (int r = 0; r < rows; ++r) {
    const int c = a.column_of_row[size_t(r)];
    ASSERT_GE(c, 0);
    ASSERT_LT(c, columns);
    used.insert(c);
    total += m[size_t(r) * columns + c];
  }
  EXPECT_EQ(int(used.size()), rows) << "columns must be distinct";
  EXPECT_NEAR(total, a.total, 1e-9);
}

TEST(HungarianAssignment, MatchesBruteForceOnRandomSquareMatrices) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 1 + trial % 7;
    std::vector<double> cost(size_t(n) * n);
    // Small integers give many ties; every fourth trial uses continuous values.
    std::uniform_int_distribution<int> small(-3, 5);
    std::uniform_real_distribution<double> real(-1.0, 1.0);
    for (auto& v : cost) v = trial % 4 == 3 ? real(rng) : double(small(rng));
    const Assignment a = min_cost_assignment(cost, n, n);
    expect_valid(a, cost, n, n);
    ASSERT_NEAR(a.total, brute_force_min(cost, n, n), 1e-9) << "trial " << trial << ", n = " << n;
  }
}

TEST(HungarianAssignment, MatchesBruteForceOnRectangularMatrices) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> value(0, 9);
  for (int trial = 0; trial < 200; ++trial) {
    const int rows = 1 + trial % 4, columns = rows + 1 + trial % 3;
    std::vector<double> cost(size_t(rows) * columns);
    for (auto& v : cost) v = value(rng);
    const Assignment a = min_cost_assignment(cost, rows, columns);
    expect_valid(a, cost, rows, columns);
    ASSERT_NEAR(a.total, brute_force_min(cost, rows, columns), 1e-9) << "trial " << trial;
  }
}

TEST(HungarianAssignment, MaximisationRecoversAHiddenPermutation) {
  // Similarity 1 on a hidden permutation, small noise elsewhere: the maximum is the permutation.
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> noise(-0.3, 0.3);
  for (int n : {2, 5, 8, 16}) {
    std::vector<int> hidden(static_cast<size_t>(n));
    std::iota(hidden.begin(), hidden.end(), 0);
    std::shuffle(hidden.begin(), hidden.end(), rng);
    std::vector<double> w(size_t(n) * n);
    for (auto& v : w) v = noise(rng);
    for (int r = 0; r < n; ++r) w[size_t(r) * n + hidden[size_t(r)]] = 1.0;
    const Assignment a = max_weight_assignment(w, n, n);
    EXPECT_EQ(a.column_of_row, hidden) << "n = " << n;
  }
}

TEST(HungarianAssignment, RejectsBadInput) {
  EXPECT_THROW(min_cost_assignment({1, 2, 3, 4, 5, 6}, 3, 2), Error);  // more rows than columns
  EXPECT_THROW(min_cost_assignment({1, 2, 3}, 2, 2), Error);           // wrong size
  EXPECT_THROW(min_cost_assignment({1, std::nan(""), 3, 4}, 2, 2), Error);
  EXPECT_TRUE(min_cost_assignment({}, 0, 0).column_of_row.empty());
}

}  // namespace
}  // namespace steerscope::analysis
