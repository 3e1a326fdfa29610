#include "core/io/rttm_file.h"

#include <algorithm>

#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

std::map<std::string, AlignmentTier> read_rttm(const std::string& path, const RttmOptions& options) {
  const std::string text = read_text_as_utf8(path);
  const auto lines = split_lines(text);
  std::map<std::string, AlignmentTier> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
    const std::string_view line = trim(lines[i]);
    if (line.empty() || line.rfind(";;", 0) == 0 || line[0] == '#') continue;
    const auto f = split_fields(line);
    if (f[0] != "SPEAKER") continue;
    if (f.size() < 8)
      throw Error(
          where + "SPEAKER line has " + std::to_string(f.size()) +
          " columns, expected at least 8 (SPEAKER file channel begin duration ortho subtype speaker)");
    double begin = 0, duration = 0;
    if (!parse_double(f[3], begin))
      throw Error(where + "begin time '" + std::string(f[3]) + "' is not a number");
    if (!parse_double(f[4], duration))
      throw Error(where + "duration '" + std::string(f[4]) + "' is not a number");
    if (begin < 0) throw Error(where + "begin time " + std::string(f[3]) + " is negative");
    if (duration < 0) throw Error(where + "duration " + std::string(f[4]) + " is negative");
    const std::string speaker(f[7]);
    if (speaker == "<NA>") throw Error(where + "speaker name is <NA>");
    if (!options.channel.empty() && f[2] != options.channel) continue;
    auto [it, inserted] = out.try_emplace(std::string(f[1]));
    if (inserted) it->second = AlignmentTier{options.tier_name, AlignmentTier::Kind::kInterval, {}};
    it->second.items.push_back({begin, begin + duration, speaker});
  }
  for (auto& [file, tier] : out)
    std::stable_sort(tier.items.begin(), tier.items.end(),
                     [](const AlignmentItem& a, const AlignmentItem& b) { return a.start_s < b.start_s; });
  return out;
}

}  // namespace steerscope
