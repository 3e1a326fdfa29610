#include "core/io/label_file.h"

#include <algorithm>
#include <cctype>

#include "core/io/csv_fields.h"
#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

constexpr double kHtkUnit = 1e-7;  // HTK times are in 100 ns units

struct Level {
  std::vector<AlignmentItem> items;
};

bool is_integer_text(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_number(std::string_view s) {
  double v = 0;
  return parse_double(s, v);
}

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void check_times(double start, double end, const std::string& where) {
  if (start < 0) throw Error(where + "start time " + std::to_string(start) + " is negative");
  if (end < start)
    throw Error(where + "end time " + std::to_string(end) + " is before the start time " +
                std::to_string(start));
}

std::vector<AlignmentTier> to_tiers(std::vector<Level> levels, const std::string& tier_name) {
  std::vector<AlignmentTier> tiers;
  for (size_t i = 0; i < levels.size(); ++i) {
    AlignmentTier t;
    t.name = i == 0 ? tier_name : tier_name + ":" + std::to_string(i + 1);
    t.items = std::move(levels[i].items);
    std::stable_sort(t.items.begin(), t.items.end(),
                     [](const AlignmentItem& a, const AlignmentItem& b) { return a.start_s < b.start_s; });
    const bool points =
        !t.items.empty() && std::all_of(t.items.begin(), t.items.end(),
                                        [](const AlignmentItem& it) { return it.start_s == it.end_s; });
    t.kind = points ? AlignmentTier::Kind::kPoint : AlignmentTier::Kind::kInterval;
    tiers.push_back(std::move(t));
  }
  return tiers;
}

bool skippable(std::string_view line) {
  return trim(line).empty() || trim(line)[0] == '#';
}

// HTK and Audacity/Sonic Annotator lines.
std::vector<Level> read_segments(const std::string& path, const std::vector<std::string_view>& lines,
                                 bool htk) {
  std::vector<Level> levels(1);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
    std::string_view line = lines[i];
    if (skippable(line)) continue;
    if (htk && trim(line) == "///") {
      levels.emplace_back();
      continue;
    }
    if (!htk && line[0] == '\\') continue;  // Audacity spectral selection of the previous label
    std::string_view first, second, label;
    bool has_second = false;
    if (!htk && line.find('\t') != std::string_view::npos) {
      // Tab-separated: the label is everything after the second tab (it may contain spaces).
      size_t t1 = line.find('\t');
      first = trim(line.substr(0, t1));
      size_t t2 = line.find('\t', t1 + 1);
      second = trim(line.substr(t1 + 1, t2 == std::string_view::npos ? std::string_view::npos : t2 - t1 - 1));
      has_second = true;
      if (t2 != std::string_view::npos) label = line.substr(t2 + 1);
    } else {
      auto f = split_fields(line);
      first = f[0];
      if (f.size() > 1) {
        second = f[1];
        has_second = true;
      }
      if (f.size() > 2) {
        if (htk) {
          label = f[2];  // later fields are scores and auxiliary labels
        } else {
          size_t at = size_t(f[2].data() - line.data());
          label = trim(line.substr(at));
        }
      }
    }
    double start = 0, end = 0;
    if (!parse_double(first, start))
      throw Error(where + "expected a start time, found '" + std::string(first) + "'");
    if (!has_second)
      throw Error(where + "expected '<start> <end> <label>', found only '" + std::string(first) + "'");
    if (parse_double(second, end)) {
      // start, end[, label]
    } else if (!htk && label.empty()) {
      // Sonic Visualiser instant: "<time>\t<label>".
      end = start;
      label = second;
    } else {
      throw Error(where + "end time '" + std::string(second) + "' is not a number");
    }
    if (htk) {
      start *= kHtkUnit;
      end *= kHtkUnit;
    }
    check_times(start, end, where);
    levels.back().items.push_back({start, end, std::string(label)});
  }
  if (levels.size() > 1 && levels.back().items.empty()) levels.pop_back();
  return levels;
}

struct Column {
  int index = -1;
  double scale = 1.0;  // to seconds
};

Column find_column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = lower(header[i]);
    double scale = 1.0;
    for (const char* suffix : {"_ms", " (ms)", "[ms]"}) {
      std::string sfx = suffix;
      if (h.size() > sfx.size() && h.compare(h.size() - sfx.size(), sfx.size(), sfx) == 0) {
        h.resize(h.size() - sfx.size());
        scale = 1e-3;
      }
    }
    for (const char* suffix : {"_s", "_sec", "_seconds", "_time", " (s)", "[s]"}) {
      std::string sfx = suffix;
      if (h.size() > sfx.size() && h.compare(h.size() - sfx.size(), sfx.size(), sfx) == 0)
        h.resize(h.size() - sfx.size());
    }
    h = std::string(trim(h));
    for (const char* n : names)
      if (h == n) return {int(i), scale};
  }
  return {};
}

std::vector<Level> read_csv(const std::string& path, const std::vector<std::string_view>& lines) {
  size_t first = 0;
  while (first < lines.size() && skippable(lines[first])) ++first;
  if (first == lines.size()) return {Level{}};
  const char delimiter = sniff_delimiter(lines[first]);
  auto header = csv_fields(lines[first], delimiter);
  if (!header) throw Error(path + ": line " + std::to_string(first + 1) + ": unclosed quote");
  Column start, end, duration, label;
  size_t data_from = first;
  if (!header->empty() && is_number((*header)[0])) {
    // No header: start, end, label by position.
    start.index = 0;
    end.index = 1;
    label.index = 2;
  } else {
    start =
        find_column(*header, {"start", "begin", "onset", "tmin", "xmin", "from", "start time", "begin time"});
    end = find_column(*header, {"end", "stop", "offset", "tmax", "xmax", "to", "end time", "stop time"});
    duration = find_column(*header, {"duration", "dur", "length"});
    label =
        find_column(*header, {"label", "text", "word", "phone", "name", "annotation", "value", "transcript"});
    const std::string where = path + ": line " + std::to_string(first + 1) + ": ";
    if (start.index < 0)
      throw Error(where + "CSV header has no start column (start, begin, onset, tmin, xmin, from)");
    if (end.index < 0 && duration.index < 0)
      throw Error(where +
                  "CSV header has no end or duration column (end, stop, offset, tmax, xmax, to, duration)");
    data_from = first + 1;
  }
  std::vector<Level> levels(1);
  for (size_t i = data_from; i < lines.size(); ++i) {
    if (skippable(lines[i])) continue;
    const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
    auto f = csv_fields(lines[i], delimiter);
    if (!f) throw Error(where + "unclosed quote");
    const int needed = std::max({start.index, end.index, duration.index}) + 1;
    if (int(f->size()) < needed)
      throw Error(where + "expected at least " + std::to_string(needed) + " fields, found " +
                  std::to_string(f->size()));
    auto number = [&](const Column& c, const char* what) {
      double v = 0;
      if (!parse_double((*f)[size_t(c.index)], v))
        throw Error(where + what + " '" + (*f)[size_t(c.index)] + "' is not a number");
      return v * c.scale;
    };
    const double s = number(start, "start time");
    const double e = end.index >= 0 ? number(end, "end time") : s + number(duration, "duration");
    check_times(s, e, where);
    std::string text = label.index >= 0 && label.index < int(f->size()) ? (*f)[size_t(label.index)] : "";
    levels.back().items.push_back({s, e, std::move(text)});
  }
  return levels;
}

LabelFormat detect(const std::vector<std::string_view>& lines) {
  size_t first = 0;
  while (first < lines.size() && skippable(lines[first])) ++first;
  if (first == lines.size()) return LabelFormat::kSeconds;
  const std::string_view head = lines[first];
  // A numeric first field (split at tabs if there are any, else at whitespace) means segment lines;
  // otherwise the line is a CSV header, or a headerless "start,end,label" row.
  const size_t tab = head.find('\t');
  const auto words = split_fields(head);
  const std::string_view first_field = tab != std::string_view::npos ? trim(head.substr(0, tab)) : words[0];
  if (!is_number(first_field) && trim(head) != "///") {
    const char delimiter = sniff_delimiter(head);
    auto fields = csv_fields(head, delimiter);
    if (fields && fields->size() >= 2 && is_number((*fields)[0]) && is_number((*fields)[1]))
      return LabelFormat::kCsv;
    if (head.find(delimiter) != std::string_view::npos) return LabelFormat::kCsv;
  }
  bool all_integer = true;
  double max_time = 0;
  for (const auto& line : lines) {
    if (skippable(line) || line[0] == '\\' || trim(line) == "///") continue;
    auto f = split_fields(line);
    for (size_t k = 0; k < std::min<size_t>(2, f.size()); ++k) {
      double v = 0;
      if (!parse_double(f[k], v)) continue;
      all_integer &= is_integer_text(f[k]);
      max_time = std::max(max_time, v);
    }
  }
  return all_integer && max_time > 100000 ? LabelFormat::kHtk : LabelFormat::kSeconds;
}

}  // namespace

std::vector<AlignmentTier> read_label_file(const std::string& path, const LabelFileOptions& options) {
  const std::string text = read_text_as_utf8(path);
  const auto lines = split_lines(text);
  LabelFormat format = options.format == LabelFormat::kAuto ? detect(lines) : options.format;
  std::vector<Level> levels;
  switch (format) {
    case LabelFormat::kCsv:
      levels = read_csv(path, lines);
      break;
    case LabelFormat::kHtk:
      levels = read_segments(path, lines, true);
      break;
    default:
      levels = read_segments(path, lines, false);
      break;
  }
  return to_tiers(std::move(levels), options.tier_name);
}

}  // namespace steerscope
