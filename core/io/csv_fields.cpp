#include "core/io/csv_fields.h"

#include "core/io/text_decoding.h"

namespace steerscope {

std::optional<std::vector<std::string>> csv_fields(std::string_view line, char delimiter) {
  std::vector<std::string> fields;
  std::string field;
  size_t i = 0;
  for (;;) {
    // Start of a field: skip leading spaces, then either a quoted or a bare field.
    while (i < line.size() && line[i] == ' ' && delimiter != ' ') ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) return std::nullopt;
      // Anything between the closing quote and the delimiter is kept (lenient, as spreadsheets are).
      size_t end = line.find(delimiter, i);
      if (end == std::string_view::npos) end = line.size();
      field += std::string(trim(line.substr(i, end - i)));
      i = end;
    } else {
      size_t end = line.find(delimiter, i);
      if (end == std::string_view::npos) end = line.size();
      field = std::string(trim(line.substr(i, end - i)));
      i = end;
    }
    fields.push_back(std::move(field));
    field.clear();
    if (i >= line.size()) break;
    ++i;  // the delimiter
  }
  return fields;
}

char sniff_delimiter(std::string_view header) {
  size_t tabs = 0, commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    tabs += c == '\t';
    commas += c == ',';
    semicolons += c == ';';
  }
  if (tabs && tabs >= commas && tabs >= semicolons) return '\t';
  if (semicolons > commas) return ';';
  return ',';
}

}  // namespace steerscope
