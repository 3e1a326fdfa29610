#include "analysis/frame_labeler.h"

#include <algorithm>

#include "core/util/error.h"

namespace steerscope::analysis {

std::string FrameLabelSpec::description() const {
  switch (kind) {
    case FrameLabelKind::kTierLabel:
      return "label:" + tier;
    case FrameLabelKind::kPhoneClass:
      return "phone_class:" + tier;
    case FrameLabelKind::kSpeaker:
      return "speaker:" + tier;
  }
  return tier;
}

FrameLabeler::FrameLabeler(FrameLabelSpec spec) : spec_(std::move(spec)) {}

int32_t FrameLabeler::item_label(const std::string& raw) {
  if (spec_.kind == FrameLabelKind::kPhoneClass) {
    const PhoneClass c = classify_phone(raw, spec_.alphabet);
    if (spec_.skip_silence && c == PhoneClass::kSilence) return -1;
    return vocabulary_.id(phone_class_name(c));
  }
  if (raw.empty()) return spec_.skip_silence ? -1 : vocabulary_.id("<empty>");
  if (spec_.skip_silence && classify_phone(raw, PhoneAlphabet::kIpa) == PhoneClass::kSilence) return -1;
  return vocabulary_.id(raw);
}

bool FrameLabeler::label_frames(const UtteranceRecord& utterance, double frame_rate_hz, int64_t frames,
                                std::vector<int32_t>& out) {
  out.assign(size_t(std::max<int64_t>(frames, 0)), -1);
  if (!(frame_rate_hz > 0.0))
    throw Error("utterance '" + utterance.id + "': frame rate " + std::to_string(frame_rate_hz) +
                " Hz is not positive");
  const AlignmentTier* tier = nullptr;
  for (const auto& t : utterance.tiers)
    if (t.name == spec_.tier) tier = &t;

  if (!tier) {
    if (spec_.kind != FrameLabelKind::kSpeaker || utterance.speaker.empty()) return false;
    const int32_t id = vocabulary_.id(utterance.speaker);
    std::fill(out.begin(), out.end(), id);
    return true;
  }
  if (tier->kind == AlignmentTier::Kind::kPoint)
    throw Error("utterance '" + utterance.id + "': tier '" + tier->name +
                "' is a point tier; frame labels need an interval tier");

  std::vector<int32_t> item_ids(tier->items.size());
  for (size_t k = 0; k < tier->items.size(); ++k) item_ids[k] = item_label(tier->items[k].label);

  // Items are sorted by start; `first` is the first item that can still contain a later centre.
  size_t first = 0;
  const auto& items = tier->items;
  for (int64_t i = 0; i < frames; ++i) {
    const double t = (double(i) + 0.5) / frame_rate_hz;
    while (first < items.size() && items[first].end_s <= t) ++first;
    for (size_t k = first; k < items.size() && items[k].start_s <= t; ++k) {
      if (items[k].end_s > t) {
        out[size_t(i)] = item_ids[k];
        break;
      }
    }
  }
  return true;
}

}  // namespace steerscope::analysis
