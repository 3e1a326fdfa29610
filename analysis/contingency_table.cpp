#include "analysis/contingency_table.h"

#include <algorithm>
#include <cmath>

#include "analysis/distribution_measures.h"
#include "core/util/error.h"

namespace steerscope::analysis {

void ContingencyTable::ensure_columns(int columns) {
  if (columns <= columns_) return;
  columns_ = columns;
  cells_.resize(size_t(columns_) * rows_, 0.0);
}

void ContingencyTable::add(int row, int column, double weight) {
  if (row < 0 || row >= rows_ || column < 0)
    throw Error("contingency table: cell (" + std::to_string(row) + "," + std::to_string(column) +
                ") outside " + std::to_string(rows_) + " rows");
  ensure_columns(column + 1);
  cells_[size_t(column) * rows_ + row] += weight;
}

void ContingencyTable::add_column_vector(int column, const float* values) {
  if (column < 0) throw Error("contingency table: negative column " + std::to_string(column));
  ensure_columns(column + 1);
  double* c = cells_.data() + size_t(column) * rows_;
  for (int r = 0; r < rows_; ++r) c[r] += values[r];
}

double ContingencyTable::total() const {
  double t = 0.0;
  for (double v : cells_) t += v;
  return t;
}

std::vector<double> ContingencyTable::row_totals() const {
  std::vector<double> t(rows_, 0.0);
  for (int c = 0; c < columns_; ++c)
    for (int r = 0; r < rows_; ++r) t[r] += at(r, c);
  return t;
}

std::vector<double> ContingencyTable::column_totals() const {
  std::vector<double> t(columns_, 0.0);
  for (int c = 0; c < columns_; ++c)
    for (int r = 0; r < rows_; ++r) t[c] += at(r, c);
  return t;
}

double ContingencyTable::row_entropy_nats() const {
  return entropy_nats(row_totals());
}
double ContingencyTable::column_entropy_nats() const {
  return entropy_nats(column_totals());
}

double ContingencyTable::mutual_information_nats() const {
  const double n = total();
  if (n <= 0.0) return 0.0;
  const auto rt = row_totals();
  const auto ct = column_totals();
  double mi = 0.0;
  for (int c = 0; c < columns_; ++c) {
    for (int r = 0; r < rows_; ++r) {
      const double v = at(r, c);
      if (v > 0.0) mi += (v / n) * std::log(v * n / (rt[r] * ct[c]));
    }
  }
  return std::max(0.0, mi);
}

double ContingencyTable::nmi_geometric() const {
  const double he = row_entropy_nats(), hl = column_entropy_nats();
  if (he <= 0.0 || hl <= 0.0) return 0.0;
  return std::clamp(mutual_information_nats() / std::sqrt(he * hl), 0.0, 1.0);
}

double ContingencyTable::nmi_arithmetic() const {
  const double he = row_entropy_nats(), hl = column_entropy_nats();
  if (he <= 0.0 || hl <= 0.0) return 0.0;
  return std::clamp(2.0 * mutual_information_nats() / (he + hl), 0.0, 1.0);
}

double ContingencyTable::purity() const {
  const double n = total();
  if (n <= 0.0) return 0.0;
  double sum = 0.0;
  for (int r = 0; r < rows_; ++r) {
    double best = 0.0;
    for (int c = 0; c < columns_; ++c) best = std::max(best, at(r, c));
    sum += best;
  }
  return sum / n;
}

ContingencyTable& ContingencyTable::operator+=(const ContingencyTable& o) {
  if (o.rows_ != rows_)
    throw Error("contingency table: adding a table of " + std::to_string(o.rows_) + " rows to one of " +
                std::to_string(rows_));
  ensure_columns(o.columns_);
  for (size_t i = 0; i < o.cells_.size(); ++i) cells_[i] += o.cells_[i];
  return *this;
}

ContingencySummary summarize(const ContingencyTable& table, int top_k, double min_label_count) {
  ContingencySummary s;
  const int E = table.rows(), K = table.columns();
  s.total = table.total();
  s.expert_totals = table.row_totals();
  s.label_totals = table.column_totals();
  s.expert_entropy_nats = entropy_nats(s.expert_totals);
  s.label_entropy_nats = entropy_nats(s.label_totals);
  s.mutual_information_nats = table.mutual_information_nats();
  s.nmi = table.nmi_geometric();
  s.nmi_arithmetic = table.nmi_arithmetic();
  s.purity = table.purity();

  s.top_labels.resize(E);
  for (int e = 0; e < E; ++e) {
    std::vector<LabelShare> shares;
    for (int l = 0; l < K; ++l) {
      const double n_el = table.at(e, l);
      if (n_el <= 0.0 || s.label_totals[l] < min_label_count) continue;
      LabelShare ls;
      ls.label = l;
      ls.count = n_el;
      ls.share = n_el / s.expert_totals[e];
      ls.lift = ls.share / (s.label_totals[l] / s.total);
      shares.push_back(ls);
    }
    std::sort(shares.begin(), shares.end(), [](const LabelShare& a, const LabelShare& b) {
      return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    if (top_k >= 0 && int(shares.size()) > top_k) shares.resize(size_t(top_k));
    s.top_labels[e] = std::move(shares);
  }

  s.expert_distribution.assign(K, std::vector<double>(E, 0.0));
  for (int l = 0; l < K; ++l) {
    if (s.label_totals[l] <= 0.0) continue;
    for (int e = 0; e < E; ++e) s.expert_distribution[l][e] = table.at(e, l) / s.label_totals[l];
  }
  return s;
}

}  // namespace steerscope::analysis
