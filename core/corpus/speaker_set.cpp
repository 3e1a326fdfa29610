#include "core/corpus/speaker_set.h"

#include "core/util/error.h"

namespace steerscope {

namespace {

// Accents and variants are spread so that the first few speakers already cover American, British and
// Caribbean English, male and female variants, and slow and fast speech.
const std::vector<SpeakerProfile> kTrainingSpeakers = {
    {"spk01", "en-us+m3", 40, 50, 165, false},
    {"spk02", "en+f2", 55, 55, 170, false},
    {"spk03", "en-gb-scotland+m1", 45, 45, 160, false},
    {"spk04", "en-us+f4", 50, 60, 175, false},
    {"spk05", "en-029+m6", 50, 50, 170, false},
    {"spk06", "en-gb-x-rp+f1", 50, 55, 160, false},
    {"spk07", "en-us-nyc+m4", 45, 50, 180, false},
    {"spk08", "en-gb-x-gbclan+f3", 55, 50, 165, false},
    {"spk09", "en-us+m7", 40, 45, 155, false},
    {"spk10", "en-gb-x-gbcwmd+f5", 50, 50, 170, false},
    {"spk11", "en+m8", 50, 55, 185, false},
};

const SpeakerProfile kHeldOutSpeaker = {"spk12", "en-us+m2", 48, 55, 168, true};

}  // namespace

int SpeakerSet::max_builtin_speakers() {
  return static_cast<int>(kTrainingSpeakers.size()) + 1;
}

SpeakerSet SpeakerSet::builtin(int count) {
  if (count < 2 || count > max_builtin_speakers())
    throw Error("speakers: " + std::to_string(count) + " requested, the built-in set offers 2 to " +
                std::to_string(max_builtin_speakers()) + " (training speakers plus one held-out speaker)");
  SpeakerSet set;
  set.speakers_.assign(kTrainingSpeakers.begin(), kTrainingSpeakers.begin() + (count - 1));
  set.speakers_.push_back(kHeldOutSpeaker);
  return set;
}

std::vector<SpeakerProfile> SpeakerSet::training_speakers() const {
  std::vector<SpeakerProfile> out;
  for (const auto& s : speakers_)
    if (!s.held_out) out.push_back(s);
  return out;
}

const SpeakerProfile& SpeakerSet::held_out_speaker() const {
  for (const auto& s : speakers_)
    if (s.held_out) return s;
  throw Error("speaker set has no held-out speaker");
}

const SpeakerProfile& SpeakerSet::find(const std::string& id) const {
  for (const auto& s : speakers_)
    if (s.id == id) return s;
  throw Error("speaker '" + id + "' is not in the speaker set");
}

}  // namespace steerscope
