#include "core/io/textgrid.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += "\"\"";  // Praat doubles quotes inside strings
    else
      out += c;
  }
  return out + "\"";
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void write_textgrid(const std::string& path, double duration_s, const std::vector<AlignmentTier>& tiers) {
  double xmax = duration_s;
  for (const auto& t : tiers)
    if (!t.items.empty()) xmax = std::max(xmax, t.items.back().end_s);

  std::ostringstream os;
  os << "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n"
     << "xmin = 0\nxmax = " << num(xmax) << "\ntiers? <exists>\nsize = " << tiers.size() << "\nitem []:\n";
  for (size_t ti = 0; ti < tiers.size(); ++ti) {
    const auto& tier = tiers[ti];
    os << "    item [" << ti + 1 << "]:\n";
    if (tier.kind == AlignmentTier::Kind::kInterval) {
      // Fill gaps with empty intervals so that the tier covers [0, xmax].
      std::vector<AlignmentItem> filled;
      double t = 0.0;
      for (size_t i = 0; i < tier.items.size(); ++i) {
        const auto& it = tier.items[i];
        if (it.start_s < t - 1e-9 || it.end_s < it.start_s)
          throw Error(path + ": tier '" + tier.name + "' item " + std::to_string(i + 1) + " [" +
                      num(it.start_s) + ", " + num(it.end_s) +
                      "] overlaps the previous item or ends before it starts");
        if (it.start_s > t + 1e-9) filled.push_back({t, it.start_s, ""});
        filled.push_back({std::max(it.start_s, t), it.end_s, it.label});
        t = it.end_s;
      }
      if (t < xmax - 1e-9 || filled.empty()) filled.push_back({t, xmax, ""});
      os << "        class = \"IntervalTier\"\n        name = " << quoted(tier.name) << "\n        xmin = 0\n"
         << "        xmax = " << num(xmax) << "\n        intervals: size = " << filled.size() << "\n";
      for (size_t i = 0; i < filled.size(); ++i)
        os << "        intervals [" << i + 1 << "]:\n            xmin = " << num(filled[i].start_s)
           << "\n            xmax = " << num(filled[i].end_s)
           << "\n            text = " << quoted(filled[i].label) << "\n";
    } else {
      os << "        class = \"TextTier\"\n        name = " << quoted(tier.name) << "\n        xmin = 0\n"
         << "        xmax = " << num(xmax) << "\n        points: size = " << tier.items.size() << "\n";
      for (size_t i = 0; i < tier.items.size(); ++i)
        os << "        points [" << i + 1 << "]:\n            number = " << num(tier.items[i].start_s)
           << "\n            mark = " << quoted(tier.items[i].label) << "\n";
    }
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(path + ": cannot create TextGrid file");
  out << os.str();
  if (!out.flush()) throw Error(path + ": write failed");
}

namespace {

// A value of a Praat text file. Praat's text reader looks only at values (numbers, "strings", <flags>) and
// skips everything else, which is how one reader handles both the long format (`xmin = 0`, `item [1]:`)
// and the short one (`0`). We do the same: bare words, "=" and anything in [brackets] are labels.
struct PraatValue {
  enum class Kind { kNumber, kString, kFlag };
  Kind kind = Kind::kNumber;
  std::string text;  // the string's contents, the flag's name, or the number as written
  double number = 0.0;
  size_t line = 0;
};

std::vector<PraatValue> praat_values(std::string_view text, const std::string& name) {
  std::vector<PraatValue> values;
  size_t line = 1;
  size_t i = 0;
  const size_t n = text.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v'; };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (is_space(c)) {
      ++i;
    } else if (c == '!') {  // comment to the end of the line
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '"') {
      PraatValue v;
      v.kind = PraatValue::Kind::kString;
      v.line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {  // "" is a quote inside a string
            v.text += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        v.text += text[i++];
      }
      if (!closed)
        throw Error(name + ": line " + std::to_string(v.line) + ": string is not closed (missing '\"')");
      values.push_back(std::move(v));
    } else if (c == '<') {
      size_t end = text.find('>', i);
      if (end == std::string_view::npos || text.substr(i, end - i).find('\n') != std::string_view::npos)
        throw Error(name + ": line " + std::to_string(line) + ": flag is not closed (missing '>')");
      values.push_back({PraatValue::Kind::kFlag, std::string(text.substr(i + 1, end - i - 1)), 0.0, line});
      i = end + 1;
    } else if (c == '[') {  // "[1]", "[]": an index label
      size_t end = text.find(']', i);
      if (end == std::string_view::npos) end = n;
      for (size_t k = i; k < end; ++k)
        if (text[k] == '\n') ++line;
      i = end + 1;
    } else {
      size_t start = i;
      while (i < n && !is_space(text[i]) && text[i] != '"' && text[i] != '!') ++i;
      std::string_view word = text.substr(start, i - start);
      double v = 0.0;
      if (parse_double(word, v)) {
        values.push_back({PraatValue::Kind::kNumber, std::string(word), v, line});
      } else if (std::isdigit(static_cast<unsigned char>(word[0])) ||
                 (word.size() > 1 && (word[0] == '-' || word[0] == '+' || word[0] == '.') &&
                  std::isdigit(static_cast<unsigned char>(word[1])))) {
        // Labels never start with a digit: this is a number Praat could not read either ("0,89", "1.2.3").
        throw Error(name + ": line " + std::to_string(line) + ": '" + std::string(word) +
                    "' is not a number");
      }
      // Otherwise a label such as "xmin", "=", "intervals:", "tiers?": skipped.
    }
  }
  return values;
}

class PraatValueStream {
 public:
  PraatValueStream(std::vector<PraatValue> values, const std::string& name)
      : values_(std::move(values)), name_(name) {}

  bool at_end() const { return pos_ >= values_.size(); }
  const PraatValue* peek() const { return at_end() ? nullptr : &values_[pos_]; }
  size_t line() const { return at_end() ? (values_.empty() ? 1 : values_.back().line) : values_[pos_].line; }

  [[noreturn]] void fail(size_t line, const std::string& problem) const {
    throw Error(name_ + ": line " + std::to_string(line) + ": " + problem);
  }

  const PraatValue& next(PraatValue::Kind kind, const std::string& what) {
    static const char* kKinds[] = {"a number", "a quoted string", "a <flag>"};
    if (at_end())
      fail(line(), "unexpected end of file; expected " + std::string(kKinds[int(kind)]) + " (" + what + ")");
    const PraatValue& v = values_[pos_];
    if (v.kind != kind)
      fail(v.line, "expected " + std::string(kKinds[int(kind)]) + " (" + what + "), found " +
                       (v.kind == PraatValue::Kind::kString ? "\"" + v.text + "\"" : v.text));
    ++pos_;
    return v;
  }
  double number(const std::string& what) { return next(PraatValue::Kind::kNumber, what).number; }
  std::string string(const std::string& what) { return next(PraatValue::Kind::kString, what).text; }
  int64_t count(const std::string& what) {
    const PraatValue& v = next(PraatValue::Kind::kNumber, what);
    if (v.number < 0 || v.number != std::floor(v.number) || v.number > 1e9)
      fail(v.line, "expected a whole number (" + what + "), found " + v.text);
    return int64_t(v.number);
  }

 private:
  std::vector<PraatValue> values_;
  std::string name_;
  size_t pos_ = 0;
};

AlignmentTier::Kind tier_kind(const std::string& cls, size_t line, const PraatValueStream& in) {
  if (cls == "IntervalTier") return AlignmentTier::Kind::kInterval;
  if (cls == "TextTier" || cls == "PointTier") return AlignmentTier::Kind::kPoint;
  in.fail(line, "unknown tier class \"" + cls + "\" (expected \"IntervalTier\" or \"TextTier\")");
}

// Item start lines, kept beside the tier for error messages during clean-up.
struct ParsedTier {
  AlignmentTier tier;
  std::vector<size_t> lines;
};

void tidy_tier(ParsedTier& p, const std::string& name, double tolerance) {
  AlignmentTier& t = p.tier;
  auto where = [&](size_t i) {
    return name + ": line " + std::to_string(p.lines[i]) + ": tier '" + t.name + "' item " +
           std::to_string(i + 1);
  };
  if (t.kind == AlignmentTier::Kind::kPoint) {
    std::vector<size_t> order(t.items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return t.items[a].start_s < t.items[b].start_s; });
    std::vector<AlignmentItem> sorted;
    for (size_t i : order) sorted.push_back(t.items[i]);
    t.items = std::move(sorted);
    return;
  }
  for (size_t i = 0; i < t.items.size(); ++i) {
    AlignmentItem& it = t.items[i];
    if (it.end_s < it.start_s) {
      if (it.start_s - it.end_s >= tolerance)
        throw Error(where(i) + " ends (" + std::to_string(it.end_s) + " s) before it starts (" +
                    std::to_string(it.start_s) + " s)");
      it.end_s = it.start_s;
    }
    if (i == 0) continue;
    const double prev_end = t.items[i - 1].end_s;
    if (it.start_s < prev_end) {
      const double overlap = prev_end - it.start_s;
      if (overlap >= tolerance)
        throw Error(where(i) + " starts at " + std::to_string(it.start_s) + " s, " + std::to_string(overlap) +
                    " s before the previous interval ends (overlaps up to " +
                    std::to_string(tolerance * 1e3) + " ms are clamped)");
      it.start_s = prev_end;
      it.end_s = std::max(it.end_s, it.start_s);
    }
  }
}

std::vector<ParsedTier> parse_chronological(PraatValueStream& in) {
  in.number("xmin of the TextGrid");
  in.number("xmax of the TextGrid");
  const int64_t n_tiers = in.count("number of tiers");
  std::vector<ParsedTier> tiers(static_cast<size_t>(n_tiers));
  for (auto& p : tiers) {
    size_t line = in.line();
    p.tier.kind = tier_kind(in.string("tier class"), line, in);
    p.tier.name = in.string("tier name");
    in.number("tier xmin");
    in.number("tier xmax");
  }
  while (!in.at_end()) {
    const size_t line = in.line();
    const int64_t k = in.count("tier number of an item");
    if (k < 1 || k > n_tiers)
      in.fail(line, "tier number " + std::to_string(k) + " is outside 1.." + std::to_string(n_tiers));
    ParsedTier& p = tiers[size_t(k - 1)];
    AlignmentItem it;
    it.start_s = in.number("item time");
    it.end_s = p.tier.kind == AlignmentTier::Kind::kInterval ? in.number("interval xmax") : it.start_s;
    it.label = in.string("item text");
    p.tier.items.push_back(std::move(it));
    p.lines.push_back(line);
  }
  return tiers;
}

}  // namespace

std::vector<AlignmentTier> parse_textgrid(std::string_view text, const std::string& name,
                                          const TextGridReadOptions& options) {
  PraatValueStream in(praat_values(text, name), name);
  if (in.at_end()) throw Error(name + ": empty file, not a TextGrid");
  const size_t first_line = in.line();
  const std::string file_type = in.string("File type");
  std::vector<ParsedTier> tiers;
  if (file_type == "Praat chronological TextGrid text file") {
    tiers = parse_chronological(in);
  } else {
    if (file_type != "ooTextFile" && file_type != "ooTextFile short")
      in.fail(first_line,
              "not a Praat text file (File type is \"" + file_type + "\", expected \"ooTextFile\")");
    const std::string object_class = in.string("Object class");
    if (object_class != "TextGrid")
      in.fail(first_line, "not a TextGrid (Object class is \"" + object_class + "\")");
    in.number("xmin of the TextGrid");
    in.number("xmax of the TextGrid");
    bool has_tiers = true;
    if (in.peek() && in.peek()->kind == PraatValue::Kind::kFlag) {
      const PraatValue& flag = in.next(PraatValue::Kind::kFlag, "tiers?");
      if (flag.text == "absent")
        has_tiers = false;
      else if (flag.text != "exists")
        in.fail(flag.line, "expected <exists> or <absent>, found <" + flag.text + ">");
    }
    const int64_t n_tiers = has_tiers ? in.count("number of tiers") : 0;
    for (int64_t t = 0; t < n_tiers; ++t) {
      ParsedTier p;
      const size_t line = in.line();
      p.tier.kind = tier_kind(in.string("class of tier " + std::to_string(t + 1)), line, in);
      p.tier.name = in.string("name of tier " + std::to_string(t + 1));
      in.number("xmin of tier '" + p.tier.name + "'");
      in.number("xmax of tier '" + p.tier.name + "'");
      const bool intervals = p.tier.kind == AlignmentTier::Kind::kInterval;
      const int64_t n_items =
          in.count(std::string(intervals ? "intervals" : "points") + ": size of tier '" + p.tier.name + "'");
      for (int64_t i = 0; i < n_items; ++i) {
        const std::string what = std::string(intervals ? "interval " : "point ") + std::to_string(i + 1) +
                                 " of tier '" + p.tier.name + "'";
        AlignmentItem it;
        p.lines.push_back(in.line());
        it.start_s = in.number((intervals ? "xmin of " : "time of ") + what);
        it.end_s = intervals ? in.number("xmax of " + what) : it.start_s;
        it.label = in.string((intervals ? "text of " : "mark of ") + what);
        p.tier.items.push_back(std::move(it));
      }
      tiers.push_back(std::move(p));
    }
    if (!in.at_end())
      in.fail(in.line(),
              "unexpected value after the last tier (the tier or item counts do not match the file)");
  }
  std::vector<AlignmentTier> out;
  for (auto& p : tiers) {
    tidy_tier(p, name, options.overlap_tolerance_s);
    out.push_back(std::move(p.tier));
  }
  return out;
}

std::vector<AlignmentTier> read_textgrid(const std::string& path, const TextGridReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  if (bytes.compare(0, 12, "ooBinaryFile") == 0)
    throw Error(path + ": line 1: binary TextGrid; save it from Praat as a text file");
  return parse_textgrid(decode_text(bytes, path), path, options);
}

}  // namespace steerscope
