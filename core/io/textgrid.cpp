#include "core/io/textgrid.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace steerscope {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";  // Praat doubles quotes inside strings
    else out += c;
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
          throw Error(path + ": tier '" + tier.name + "' item " + std::to_string(i + 1) + " [" + num(it.start_s) +
                      ", " + num(it.end_s) + "] overlaps the previous item or ends before it starts");
        if (it.start_s > t + 1e-9) filled.push_back({t, it.start_s, ""});
        filled.push_back({std::max(it.start_s, t), it.end_s, it.label});
        t = it.end_s;
      }
      if (t < xmax - 1e-9 || filled.empty()) filled.push_back({t, xmax, ""});
      os << "        class = \"IntervalTier\"\n        name = " << quoted(tier.name) << "\n        xmin = 0\n"
         << "        xmax = " << num(xmax) << "\n        intervals: size = " << filled.size() << "\n";
      for (size_t i = 0; i < filled.size(); ++i)
        os << "        intervals [" << i + 1 << "]:\n            xmin = " << num(filled[i].start_s)
           << "\n            xmax = " << num(filled[i].end_s) << "\n            text = " << quoted(filled[i].label)
           << "\n";
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

}  // namespace steerscope
