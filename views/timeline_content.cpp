#include "views/timeline_content.h"

#include <algorithm>

namespace steerscope::views {

double TimelineContent::duration(bool include_padding) const {
  double d = record.duration_s;
  if (audio) d = std::max(d, audio->durationSeconds());
  if (include_padding) {
    for (const auto& l : record.layers)
      if (l.frame_rate_hz > 0) d = std::max(d, double(l.probs.rows) / l.frame_rate_hz);
    if (record.log_mel_frame_rate_hz > 0)
      d = std::max(d, double(record.log_mel.cols) / record.log_mel_frame_rate_hz);
  }
  if (d <= 0.0) {
    // A record without a duration: fall back to the valid frames of its layers.
    for (const auto& l : record.layers)
      if (l.frame_rate_hz > 0) d = std::max(d, double(l.valid_frames) / l.frame_rate_hz);
  }
  return d;
}

void TimelineContent::refreshDerivedTiers() {
  speaker_tier_ = {};
  if (!record.speaker.empty()) {
    speaker_tier_.name = "speakers";
    speaker_tier_.items.push_back({0.0, std::max(record.duration_s, duration(false)), record.speaker});
  }
}

const AlignmentTier* TimelineContent::tier(const std::string& name) const {
  for (const auto& t : record.tiers)
    if (t.name == name) return &t;
  if (name == "speakers" && !speaker_tier_.items.empty()) return &speaker_tier_;
  return nullptr;
}

std::string TimelineContent::labelAt(const std::string& name, double t) const {
  const AlignmentTier* tr = tier(name);
  if (!tr) return {};
  const auto& items = tr->items;
  // Items are sorted by start: the candidates start at or before t.
  auto it = std::upper_bound(items.begin(), items.end(), t,
                             [](double v, const AlignmentItem& item) { return v < item.start_s; });
  // Aligners overlap boundaries by ~1e-4 s, so look back a few items.
  for (int back = 0; back < 4 && it != items.begin(); ++back) {
    --it;
    if (t >= it->start_s && t < it->end_s) return it->label;
  }
  return {};
}

}  // namespace steerscope::views
