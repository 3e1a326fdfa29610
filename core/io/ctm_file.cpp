#include "core/io/ctm_file.h"

#include <algorithm>

#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

namespace {

struct CtmLine {
  std::string source, channel, token;
  double begin = 0.0, fourth = 0.0;  // column 4: duration or end time
  size_t line = 0;
};

// Overlap tolerance for the format detection: aligners round times to 10 ms frames.
constexpr double kDetectTolerance = 1e-3;

CtmTimeFormat detect(const std::vector<CtmLine>& lines) {
  for (const auto& l : lines)
    if (l.fourth < l.begin) return CtmTimeFormat::kDuration;  // cannot be an end time
  // Consecutive words of the same source and channel, in file order sorted by begin.
  std::map<std::pair<std::string, std::string>, std::vector<const CtmLine*>> groups;
  for (const auto& l : lines) groups[{l.source, l.channel}].push_back(&l);
  size_t pairs = 0, overlaps_as_duration = 0, overlaps_as_end = 0;
  for (auto& [key, g] : groups) {
    std::stable_sort(g.begin(), g.end(),
                     [](const CtmLine* a, const CtmLine* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < g.size(); ++i) {
      ++pairs;
      overlaps_as_duration += g[i - 1]->begin + g[i - 1]->fourth > g[i]->begin + kDetectTolerance;
      overlaps_as_end += g[i - 1]->fourth > g[i]->begin + kDetectTolerance;
    }
  }
  if (pairs > 0 && overlaps_as_end == 0 && overlaps_as_duration * 2 >= pairs) return CtmTimeFormat::kEndTime;
  return CtmTimeFormat::kDuration;
}

}  // namespace

CtmAlignments read_ctm(const std::string& path, const CtmOptions& options) {
  const std::string text = read_text_as_utf8(path);
  const auto lines = split_lines(text);
  std::vector<CtmLine> parsed;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ": line " + std::to_string(i + 1) + ": ";
    const std::string_view line = trim(lines[i]);
    if (line.empty() || line.rfind(";;", 0) == 0 || line[0] == '#') continue;
    const auto f = split_fields(line);
    if (f.size() < 5)
      throw Error(where + "expected at least 5 columns (source channel begin duration token), found " +
                  std::to_string(f.size()));
    CtmLine l;
    l.line = i + 1;
    l.source = std::string(f[0]);
    l.channel = std::string(f[1]);
    if (!parse_double(f[2], l.begin))
      throw Error(where + "begin time '" + std::string(f[2]) + "' is not a number");
    if (!parse_double(f[3], l.fourth))
      throw Error(where + "column 4 (duration or end time) '" + std::string(f[3]) + "' is not a number");
    if (l.begin < 0) throw Error(where + "begin time " + std::string(f[2]) + " is negative");
    if (l.fourth < 0) throw Error(where + "duration " + std::string(f[3]) + " is negative");
    l.token = std::string(f[4]);
    if (!options.token_map.empty()) {
      auto it = options.token_map.find(l.token);
      if (it == options.token_map.end())
        throw Error(where + "token '" + l.token + "' is not in the word map");
      l.token = it->second;
    }
    if (!options.channel.empty() && l.channel != options.channel) continue;
    parsed.push_back(std::move(l));
  }

  CtmAlignments out;
  out.time_format = options.time_format == CtmTimeFormat::kAuto ? detect(parsed) : options.time_format;
  if (out.time_format == CtmTimeFormat::kEndTime)
    for (const auto& l : parsed)
      if (l.fourth < l.begin)
        throw Error(path + ": line " + std::to_string(l.line) + ": end time " + std::to_string(l.fourth) +
                    " is before the begin time " + std::to_string(l.begin));

  // source -> channel -> items, keeping first-seen order of channels.
  std::map<std::string, std::vector<std::pair<std::string, AlignmentTier>>> tiers;
  for (const auto& l : parsed) {
    auto& channels = tiers[l.source];
    auto it =
        std::find_if(channels.begin(), channels.end(), [&](const auto& c) { return c.first == l.channel; });
    if (it == channels.end()) {
      channels.push_back({l.channel, AlignmentTier{options.tier_name, AlignmentTier::Kind::kInterval, {}}});
      it = channels.end() - 1;
    }
    const double end = out.time_format == CtmTimeFormat::kEndTime ? l.fourth : l.begin + l.fourth;
    it->second.items.push_back({l.begin + options.time_offset_s, end + options.time_offset_s, l.token});
  }
  for (auto& [source, channels] : tiers) {
    auto& result = out.by_source[source];
    for (auto& [channel, tier] : channels) {
      if (channels.size() > 1) tier.name += ":" + channel;
      std::stable_sort(tier.items.begin(), tier.items.end(),
                       [](const AlignmentItem& a, const AlignmentItem& b) { return a.start_s < b.start_s; });
      result.push_back(std::move(tier));
    }
  }
  return out;
}

std::map<std::string, std::string> read_word_symbols(const std::string& path) {
  const std::string text = read_text_as_utf8(path);
  const auto lines = split_lines(text);
  std::map<std::string, std::string> map;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto f = split_fields(lines[i]);
    if (f.empty()) continue;
    double id = 0;
    if (f.size() != 2 || !parse_double(f[1], id) || id < 0 || id != double(int64_t(id)))
      throw Error(path + ": line " + std::to_string(i + 1) + ": expected '<word> <integer id>'");
    map[std::string(f[1])] = std::string(f[0]);
  }
  return map;
}

}  // namespace steerscope
