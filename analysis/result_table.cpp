#include "analysis/result_table.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "analysis/utf8_text.h"
#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string csv_cell(const ResultTable::Cell& cell) {
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return csv_number(*d);
  if (const auto* s = std::get_if<std::string>(&cell)) return csv_field(*s);
  return "";
}

std::string text_cell(const ResultTable::Cell& cell) {
  if (const auto* i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isnan(*d)) return "-";
    if (std::isinf(*d)) return *d > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", *d);
    return buf;
  }
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  return "-";
}

void write_line(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << fields[i];
  out << "\n";
}

}  // namespace

ResultTable::ResultTable(std::string name, std::string title, std::vector<TableColumn> columns, TableUse use)
    : name_(std::move(name)), title_(std::move(title)), columns_(std::move(columns)), use_(use) {}

void ResultTable::add_row(std::vector<Cell> cells) {
  if (cells.size() != columns_.size())
    throw Error("table " + name_ + ": a row of " + std::to_string(cells.size()) + " cells for " +
                std::to_string(columns_.size()) + " columns");
  rows_.push_back(std::move(cells));
}

const ResultTable::Cell& ResultTable::at(size_t row, const std::string& column) const {
  if (row >= rows_.size())
    throw Error("table " + name_ + ": row " + std::to_string(row) + " of " + std::to_string(rows_.size()));
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].name == column) return rows_[row][c];
  throw Error("table " + name_ + ": no column '" + column + "'");
}

void ResultTable::write_csv(std::ostream& out) const {
  std::vector<std::string> fields;
  for (const auto& c : columns_) fields.push_back(csv_field(c.name));
  write_line(out, fields);
  for (const auto& row : rows_) {
    fields.clear();
    for (const auto& cell : row) fields.push_back(csv_cell(cell));
    write_line(out, fields);
  }
}

void ResultTable::write_text(std::ostream& out) const {
  std::vector<size_t> shown;
  for (size_t c = 0; c < columns_.size(); ++c)
    if (!columns_[c].heading.empty()) shown.push_back(c);
  out << title_ << "\n";
  if (rows_.empty()) {
    out << "  (none)\n";
    return;
  }
  std::vector<std::vector<std::string>> cells(rows_.size());
  std::vector<int> width;
  std::vector<bool> numeric;
  for (size_t c : shown) {
    width.push_back(display_width(columns_[c].heading));
    bool all_numbers = true;
    for (const auto& row : rows_) all_numbers = all_numbers && !std::holds_alternative<std::string>(row[c]);
    numeric.push_back(all_numbers);
  }
  for (size_t r = 0; r < rows_.size(); ++r)
    for (size_t k = 0; k < shown.size(); ++k) {
      cells[r].push_back(text_cell(rows_[r][shown[k]]));
      width[k] = std::max(width[k], display_width(cells[r].back()));
    }
  auto emit = [&](const std::vector<std::string>& fields) {
    std::string line;
    for (size_t k = 0; k < fields.size(); ++k) {
      const std::string pad(size_t(width[k] - display_width(fields[k])), ' ');
      const bool last = k + 1 == fields.size();
      line += "  ";
      line += numeric[k] ? pad + fields[k] : fields[k] + (last ? "" : pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  std::vector<std::string> headings;
  headings.reserve(shown.size());
  for (size_t c : shown) headings.push_back(columns_[c].heading);
  emit(headings);
  for (const auto& row : cells) emit(row);
}

ResultTable::Cell optional_cell(const std::optional<double>& value) {
  if (!value) return std::monostate{};
  return *value;
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

std::vector<std::string> write_table_files(const std::string& dir, const std::vector<ResultTable>& tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the directory: " + ec.message());
  std::vector<std::string> written;
  std::set<std::string> names;
  auto open = [](const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot write");
    return out;
  };
  auto finish = [](std::ofstream& out, const std::string& path) {
    out.close();
    if (!out) throw Error(path + ": write error");
  };
  for (const auto& t : tables) {
    if (t.use() == TableUse::kTextOnly) continue;
    if (t.name() == "columns" || !names.insert(t.name()).second)
      throw Error(dir + ": two tables would be written to " + t.name() + ".csv");
    const std::string path = (std::filesystem::path(dir) / (t.name() + ".csv")).string();
    std::ofstream out = open(path);
    t.write_csv(out);
    finish(out, path);
    written.push_back(path);
  }
  const std::string path = (std::filesystem::path(dir) / "columns.csv").string();
  std::ofstream out = open(path);
  write_line(out, {"table", "column", "unit", "description"});
  for (const auto& t : tables) {
    if (t.use() == TableUse::kTextOnly) continue;
    for (const auto& c : t.columns())
      write_line(out, {csv_field(t.name()), csv_field(c.name), csv_field(c.unit), csv_field(c.description)});
  }
  finish(out, path);
  written.push_back(path);
  return written;
}

void print_tables(std::ostream& out, const std::vector<ResultTable>& tables) {
  for (const auto& t : tables) {
    if (t.use() == TableUse::kFileOnly) continue;
    t.write_text(out);
    out << "\n";
  }
}

}  // namespace steerscope::analysis
