#pragma once
// Splitting one line of a delimited text file (CSV, TSV, semicolon-separated spreadsheet exports) into
// fields, with RFC 4180 quoting: a field in double quotes may contain the delimiter, and "" inside it is a
// quote. Used by the label-file importer and the speaker manifest reader.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steerscope {

// The fields of line, trimmed of surrounding spaces (outside quotes). Returns nullopt if a quoted field is
// not closed on this line (fields spanning lines are not supported).
std::optional<std::vector<std::string>> csv_fields(std::string_view line, char delimiter);

// The delimiter of a header line: whichever of tab, comma and semicolon occurs most often outside quotes
// (tab wins ties, then comma); comma when none occurs.
char sniff_delimiter(std::string_view header);

}  // namespace steerscope
