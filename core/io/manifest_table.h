#pragma once
// Corpus manifests: one row per utterance, as JSON lines (one object per line; values strings or
// numbers) or delimited text with a header row (TSV, CSV or semicolon-separated; RFC 4180 quoting). The
// demo corpus writes TSV (core/corpus/corpus_builder.h); `steerscope-cli record --manifest` reads any of
// these. Text may be UTF-8 or UTF-16 with a byte-order mark.

#include <optional>
#include <string>
#include <vector>

namespace steerscope {

class ManifestTable {
 public:
  // Throws Error("<path>: line N: <problem>") for an unclosed quote, a line that is not a JSON object, or a
  // row with more fields than the header.
  static ManifestTable read(const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<std::string>& columns() const { return columns_; }
  bool has_column(const std::string& name) const;
  size_t size() const { return rows_.size(); }

  // Cell of a row ("" if the row has no such field). column() throws Error naming the path and listing the
  // columns that exist if the column is absent.
  size_t column(const std::string& name) const;
  const std::string& cell(size_t row, size_t column) const;
  const std::string& cell(size_t row, const std::string& column_name) const { return cell(row, column(column_name)); }
  // 1-based line of the file the row came from, for messages.
  size_t line(size_t row) const { return lines_[row]; }

 private:
  std::string path_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> lines_;
  std::string empty_;
};

}  // namespace steerscope
