#include "core/io/manifest_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/io/csv_fields.h"
#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

ManifestTable ManifestTable::read(const std::string& path) {
  ManifestTable t;
  t.path_ = path;
  const std::string text = read_text_as_utf8(path);
  const auto lines = split_lines(text);
  size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first == lines.size()) return t;

  if (trim(lines[first])[0] == '{') {
    auto value = [](const nlohmann::json& v) -> std::string {
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
      if (v.is_null()) return "";
      return v.dump();
    };
    for (size_t i = first; i < lines.size(); ++i) {
      if (trim(lines[i]).empty()) continue;
      const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(lines[i]);
      } catch (const nlohmann::json::exception& e) {
        throw Error(where + "not a JSON object: " + e.what());
      }
      if (!j.is_object()) throw Error(where + "not a JSON object");
      std::vector<std::string> row(t.columns_.size());
      for (const auto& [k, v] : j.items()) {
        auto it = std::find(t.columns_.begin(), t.columns_.end(), k);
        if (it == t.columns_.end()) {
          t.columns_.push_back(k);
          row.push_back(value(v));
        } else {
          row[size_t(it - t.columns_.begin())] = value(v);
        }
      }
      t.rows_.push_back(std::move(row));
      t.lines_.push_back(i + 1);
    }
    return t;
  }

  const char delimiter = sniff_delimiter(lines[first]);
  auto header = csv_fields(lines[first], delimiter);
  if (!header) throw Error(path + ": line " + std::to_string(first + 1) + ": unclosed quote");
  t.columns_ = *header;
  for (size_t i = first + 1; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    auto fields = csv_fields(lines[i], delimiter);
    if (!fields) throw Error(path + ": line " + std::to_string(i + 1) + ": unclosed quote");
    if (fields->size() > t.columns_.size())
      throw Error(path + ": line " + std::to_string(i + 1) + ": " + std::to_string(fields->size()) + " fields, but the header has " +
                  std::to_string(t.columns_.size()) + " columns");
    t.rows_.push_back(std::move(*fields));
    t.lines_.push_back(i + 1);
  }
  return t;
}

bool ManifestTable::has_column(const std::string& name) const {
  return std::find(columns_.begin(), columns_.end(), name) != columns_.end();
}

size_t ManifestTable::column(const std::string& name) const {
  auto it = std::find(columns_.begin(), columns_.end(), name);
  if (it == columns_.end()) {
    std::string names;
    for (const auto& c : columns_) names += (names.empty() ? "" : ", ") + c;
    throw Error(path_ + ": no column \"" + name + "\" (columns: " + names + ")");
  }
  return size_t(it - columns_.begin());
}

const std::string& ManifestTable::cell(size_t row, size_t column) const {
  const auto& r = rows_.at(row);
  return column < r.size() ? r[column] : empty_;
}

}  // namespace steerscope
