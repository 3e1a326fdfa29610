#pragma once
// A table of results, as `analyze`, `compare` and `intervene` print it and write it as CSV: named
// columns with units and a one-line description each, rows of numbers and labels.
//
// CSV (write_csv): RFC 4180 (comma separated, fields with a comma, quote or line break quoted, quotes
// doubled), one header row of column names, "\n" line ends. Numbers are written in the shortest form that
// reads back to the same double; integers as integers; +/-infinity as "inf" / "-inf" (an error rate with
// an empty reference); a missing value (not applicable, or NaN) as an empty field.
// The columns of every table written to a directory are documented in its columns.csv
// (table, column, unit, description), so that the directory describes itself.
//
// Text (write_text): the columns with a short heading, aligned, numbers with 4 significant digits;
// missing values as "-". Some tables are only for reading (e.g. one line per expert with its top labels)
// or only for files (the long form of the same); TableUse says which.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace steerscope::analysis {

struct TableColumn {
  std::string name;         // CSV header: snake_case, with its unit where it has one ("run_seconds")
  std::string unit;         // "nats", "bits", "s", "Hz", "frames", "count", "probability", ...; "" for
                            // identifiers and labels
  std::string description;  // one sentence, written to columns.csv
  std::string heading;      // short heading in the printed table; empty = not printed
};

enum class TableUse { kTextAndFile, kTextOnly, kFileOnly };

class ResultTable {
 public:
  // std::monostate is a missing value. Pass integers as int64_t and reals as double (a plain int
  // literal would be ambiguous).
  using Cell = std::variant<std::monostate, int64_t, double, std::string>;

  // name: the file stem ("routing_layers"); title: the line printed above the table.
  ResultTable(std::string name, std::string title, std::vector<TableColumn> columns,
              TableUse use = TableUse::kTextAndFile);

  // Throws steerscope::Error naming the table if the row's width differs from the columns'.
  void add_row(std::vector<Cell> cells);

  const std::string& name() const { return name_; }
  const std::string& title() const { return title_; }
  TableUse use() const { return use_; }
  const std::vector<TableColumn>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  // The cell of a row by column name; throws steerscope::Error for an unknown column or row.
  const Cell& at(size_t row, const std::string& column) const;

  void write_csv(std::ostream& out) const;
  void write_text(std::ostream& out) const;

 private:
  std::string name_, title_;
  std::vector<TableColumn> columns_;
  TableUse use_;
  std::vector<std::vector<Cell>> rows_;
};

// An optional number as a cell (missing when empty).
ResultTable::Cell optional_cell(const std::optional<double>& value);

// The CSV form of one number (see above): shortest round trip, "inf", "" for NaN.
std::string csv_number(double value);

// Writes every table meant for files to <dir>/<name>.csv and documents their columns in
// <dir>/columns.csv, creating dir if needed. Returns the files written, columns.csv last. Throws
// steerscope::Error naming the file on failure, or if two tables share a name.
std::vector<std::string> write_table_files(const std::string& dir, const std::vector<ResultTable>& tables);

// Prints every table meant for reading, each preceded by its title and followed by a blank line.
void print_tables(std::ostream& out, const std::vector<ResultTable>& tables);

}  // namespace steerscope::analysis
