#pragma once
// An experts × labels table of (possibly fractional) frame counts, and the association measures over it.
// Rows are the E experts of one layer; columns are labels (phones, phone classes, words, speakers) and
// grow as new labels are seen, so a table can be filled in one streaming pass.
//
// A "hard" table counts each frame once, in the row of its dominant expert; a "soft" table adds the
// frame's whole probability vector to the label's column (each frame still weighs 1 in total). Both
// are read as a joint distribution P(expert, label) = n(e,l) / N.
//
// Measures (natural logs, nats):
//  - mutual information I(E;L) = Σ P(e,l) ln[P(e,l) / (P(e)P(l))]
//  - NMI, geometric normalisation: I / sqrt(H(E)·H(L)) (as scikit-learn's average_method="geometric").
//    It is 1 exactly when the expert determines the label and vice versa. Defined as 0 when H(E) or
//    H(L) is 0 (a constant partition carries no information about the other).
//  - NMI, arithmetic normalisation: 2I / (H(E) + H(L)) (scikit-learn's default), reported alongside;
//  - purity = (1/N) Σ_e max_l n(e,l): the share of frames whose label is their expert's majority label;
//  - lift(e,l) = P(l|e) / P(l): how much more often label l occurs on expert e's frames than overall.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope::analysis {

class ContingencyTable {
 public:
  ContingencyTable() = default;
  explicit ContingencyTable(int rows) : rows_(rows) {}

  int rows() const { return rows_; }
  int columns() const { return columns_; }

  // Adds weight to cell (row, column); columns up to `column` are created (zero) as needed.
  void add(int row, int column, double weight = 1.0);
  // Adds a probability vector of rows() entries to a column (one soft-labelled frame).
  void add_column_vector(int column, const float* values);
  void ensure_columns(int columns);

  double at(int row, int column) const { return cells_[size_t(column) * rows_ + row]; }
  double total() const;
  std::vector<double> row_totals() const;     // [rows]
  std::vector<double> column_totals() const;  // [columns]

  double row_entropy_nats() const;     // H(E)
  double column_entropy_nats() const;  // H(L)
  double mutual_information_nats() const;
  double nmi_geometric() const;
  double nmi_arithmetic() const;
  double purity() const;

  ContingencyTable& operator+=(const ContingencyTable& o);

 private:
  int rows_ = 0;
  int columns_ = 0;
  std::vector<double> cells_;  // column-major [columns][rows], so that a new column is an append
};

// One label as seen from one expert.
struct LabelShare {
  int label = 0;
  double count = 0.0;  // n(e,l)
  double share = 0.0;  // P(l | e)
  double lift = 0.0;   // P(l | e) / P(l)
};

// Everything reported about one table.
struct ContingencySummary {
  double total = 0.0;
  double expert_entropy_nats = 0.0;
  double label_entropy_nats = 0.0;
  double mutual_information_nats = 0.0;
  double nmi = 0.0;             // geometric normalisation
  double nmi_arithmetic = 0.0;  // arithmetic normalisation
  double purity = 0.0;
  std::vector<double> expert_totals;                     // [E]
  std::vector<double> label_totals;                      // [K]
  std::vector<std::vector<LabelShare>> top_labels;       // [E][<= top_k]: by count, then label id
  std::vector<std::vector<double>> expert_distribution;  // [K][E]: P(e | l); zeros for an empty label
};

// top_k: labels listed per expert; min_label_count: labels rarer than this overall are left out of the
// top lists (lift of a label seen twice is noise), though they still count everywhere else.
ContingencySummary summarize(const ContingencyTable& table, int top_k, double min_label_count = 0.0);

}  // namespace steerscope::analysis
