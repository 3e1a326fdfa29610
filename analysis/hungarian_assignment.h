#pragma once
// Optimal one-to-one assignment (the Hungarian method, in its O(n²·m) shortest-augmenting-path form with
// row and column potentials). Used to match experts between two checkpoints: expert indices are
// arbitrary across training runs, so expert i of checkpoint A is compared with the expert of B the
// matching pairs it with.

#include <vector>

namespace steerscope::analysis {

struct Assignment {
  std::vector<int> column_of_row;  // [rows]: the column row r is assigned to; all distinct
  double total = 0.0;              // sum of the matrix entries on the assignment
};

// Minimises the sum over rows of cost[r * columns + column_of_row[r]]. Needs rows <= columns (every row
// gets a column, some columns stay free) and finite entries; throws steerscope::Error otherwise.
Assignment min_cost_assignment(const std::vector<double>& cost, int rows, int columns);

// Maximises instead (e.g. cosine similarity, co-occurrence).
Assignment max_weight_assignment(const std::vector<double>& weight, int rows, int columns);

}  // namespace steerscope::analysis
