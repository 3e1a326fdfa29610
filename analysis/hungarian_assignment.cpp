#include "analysis/hungarian_assignment.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

void check_input(const std::vector<double>& m, int rows, int columns, const char* what) {
  if (rows < 0 || columns < 0 || rows > columns)
    throw Error(std::string(what) + ": matrix is " + std::to_string(rows) + "x" + std::to_string(columns) +
                ", need rows <= columns");
  if (m.size() != size_t(rows) * size_t(columns))
    throw Error(std::string(what) + ": " + std::to_string(m.size()) + " entries for a " +
                std::to_string(rows) + "x" + std::to_string(columns) + " matrix");
  for (size_t i = 0; i < m.size(); ++i)
    if (!std::isfinite(m[i]))
      throw Error(std::string(what) + ": entry (" + std::to_string(i / size_t(columns)) + "," +
                  std::to_string(i % size_t(columns)) + ") is not finite");
}

}  // namespace

Assignment min_cost_assignment(const std::vector<double>& cost, int rows, int columns) {
  check_input(cost, rows, columns, "assignment");
  Assignment result;
  if (rows == 0) return result;
  const double kInf = std::numeric_limits<double>::infinity();
  // 1-based internally; column 0 is a virtual column holding the row being inserted. Invariant: for
  // every row i and column j, cost(i,j) - u[i] - v[j] >= 0, with equality on assigned pairs, so the
  // final assignment is optimal (complementary slackness).
  std::vector<double> u(rows + 1, 0.0), v(columns + 1, 0.0);
  std::vector<int> row_of_column(columns + 1, 0);  // 0 = free
  std::vector<int> previous_column(columns + 1, 0);
  auto c = [&](int i, int j) { return cost[size_t(i - 1) * size_t(columns) + size_t(j - 1)]; };

  for (int i = 1; i <= rows; ++i) {
    // Dijkstra-like search for the cheapest augmenting path from row i to a free column, on reduced
    // costs; min_reduced[j] is the best tentative distance to column j.
    row_of_column[0] = i;
    int current_column = 0;
    std::vector<double> min_reduced(columns + 1, kInf);
    std::vector<bool> visited(columns + 1, false);
    do {
      visited[current_column] = true;
      const int row = row_of_column[current_column];
      double delta = kInf;
      int next_column = 0;
      for (int j = 1; j <= columns; ++j) {
        if (visited[j]) continue;
        const double reduced = c(row, j) - u[row] - v[j];
        if (reduced < min_reduced[j]) {
          min_reduced[j] = reduced;
          previous_column[j] = current_column;
        }
        if (min_reduced[j] < delta) {
          delta = min_reduced[j];
          next_column = j;
        }
      }
      // Shift potentials so that the tree edges stay tight and the new column becomes reachable.
      for (int j = 0; j <= columns; ++j) {
        if (visited[j]) {
          u[row_of_column[j]] += delta;
          v[j] -= delta;
        } else {
          min_reduced[j] -= delta;
        }
      }
      current_column = next_column;
    } while (row_of_column[current_column] != 0);
    // Flip the path: every column on it takes the row of its predecessor.
    while (current_column != 0) {
      const int prev = previous_column[current_column];
      row_of_column[current_column] = row_of_column[prev];
      current_column = prev;
    }
  }

  result.column_of_row.assign(rows, -1);
  for (int j = 1; j <= columns; ++j)
    if (row_of_column[j] != 0) result.column_of_row[row_of_column[j] - 1] = j - 1;
  for (int r = 0; r < rows; ++r)
    result.total += cost[size_t(r) * size_t(columns) + size_t(result.column_of_row[r])];
  return result;
}

Assignment max_weight_assignment(const std::vector<double>& weight, int rows, int columns) {
  check_input(weight, rows, columns, "assignment");
  std::vector<double> cost(weight.size());
  for (size_t i = 0; i < weight.size(); ++i) cost[i] = -weight[i];
  Assignment a = min_cost_assignment(cost, rows, columns);
  a.total = -a.total;
  return a;
}

}  // namespace steerscope::analysis
