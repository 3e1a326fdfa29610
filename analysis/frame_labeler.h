#pragma once
// Per-frame labels for a router trace, taken from an utterance's alignment tiers (or its speaker).
//
// A frame gets the label of the interval that contains the frame's centre time (i + 0.5) / rate; items
// are searched in tier order and the first one containing the centre wins (aligners sometimes overlap
// boundaries by ~1e-4 s). Frames whose centre no item covers are unlabelled (-1), as are all frames of
// an utterance that lacks the tier. At 50 Hz a frame is 20 ms, shorter than any phone; after pooling
// (80 ms frames) the centre rule labels a frame with whichever phone is under its middle.
//
// Kinds:
//  kTierLabel   the item's label as is ("AH0", "ə", "hello", "spk1"); an empty label becomes "<empty>"
//  kPhoneClass  the phone class of the item's label (phone_class.h): "vowel", "plosive", ...
//  kSpeaker     the labels of the named tier if the utterance has it (diarisation), otherwise the
//               whole utterance is labelled UtteranceRecord::speaker (unlabelled if that is empty)
// skip_silence drops frames whose label is silence (empty, or phone class "silence") from the analysis.

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/label_vocabulary.h"
#include "analysis/phone_class.h"
#include "core/io/recording_types.h"

namespace steerscope::analysis {

enum class FrameLabelKind { kTierLabel, kPhoneClass, kSpeaker };

struct FrameLabelSpec {
  FrameLabelKind kind = FrameLabelKind::kPhoneClass;
  std::string tier = "phones";  // tier name, matched exactly
  PhoneAlphabet alphabet = PhoneAlphabet::kAuto;
  bool skip_silence = false;

  // "phone_class:phones", "label:words", "speaker:speakers": names the labelling in reports.
  std::string description() const;
};

class FrameLabeler {
 public:
  explicit FrameLabeler(FrameLabelSpec spec);

  // Fills out with `frames` label ids (vocabulary ids, -1 = unlabelled) for a trace at frame_rate_hz.
  // Returns false if the utterance has nothing to label with (no such tier, no speaker). Throws
  // steerscope::Error if the tier is a point tier.
  bool label_frames(const UtteranceRecord& utterance, double frame_rate_hz, int64_t frames,
                    std::vector<int32_t>& out);

  const FrameLabelSpec& spec() const { return spec_; }
  const LabelVocabulary& vocabulary() const { return vocabulary_; }
  LabelVocabulary& vocabulary() { return vocabulary_; }

 private:
  int32_t item_label(const std::string& raw);  // -1 when skipped as silence

  FrameLabelSpec spec_;
  LabelVocabulary vocabulary_;
};

}  // namespace steerscope::analysis
