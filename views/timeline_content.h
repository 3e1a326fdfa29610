#pragma once
// What one timeline shows: one utterance of a recording (DESIGN.md §1: every view draws from a
// Recording), its source audio when readable, and the text of each generated token when known (live
// runs report it; a recording stores only ids, so without a tokenizer the transcript shows ids).
//
// Timeline length: the audio's duration; with padding shown, also every frame the encoder saw (a 3 s
// clip under 30 s padding has 1500 frames per layer, of which valid_frames cover the audio).

#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "core/io/recording_types.h"
#include "views/source_audio.h"

namespace steerscope::views {

// How one generated token reads in a transcript: the text it completes (special tokens skipped, as in the
// output text), or a special token's content ("<|im_end|>"), shown by name but not part of the text.
struct TokenText {
  std::string text;
  bool special = false;
};

struct TimelineContent {
  UtteranceRecord record;
  std::shared_ptr<const SourceAudio> audio;  // null when the source audio could not be read
  std::vector<TokenText> token_texts;        // [record.output->token_ids.size()] or empty
  QString source_label;                      // "run.h5 · utt-3": names the data in exports

  double duration(bool include_padding) const;
  int layerCount() const { return int(record.layers.size()); }
  int expertCount() const { return record.layers.empty() ? 0 : int(record.layers.front().probs.cols); }
  // The tier of that name, or null. A "speakers" tier is synthesised from UtteranceRecord::speaker when
  // the record has none, so speaker panes always have something to show when the speaker is known.
  const AlignmentTier* tier(const std::string& name) const;
  // Label of the interval of `tier` containing t, or empty.
  std::string labelAt(const std::string& tier, double t) const;

  // Fills the synthesised speakers tier; call after changing record.
  void refreshDerivedTiers();

 private:
  AlignmentTier speaker_tier_;
};

using TimelineContentPtr = std::shared_ptr<const TimelineContent>;

}  // namespace steerscope::views
