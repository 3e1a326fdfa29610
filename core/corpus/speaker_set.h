#pragma once
// The corpus's synthetic speakers: espeak-ng voices (an English accent plus a voice variant, e.g.
// "en-gb-scotland+f1"; British English is "en", as 1.51 does not resolve "en-gb" by name) with a base pitch,
// pitch range and speaking rate. Eleven speakers are available for training and one more is reserved as the
// held-out speaker: it never appears in train, validation or test, only in its own split, so that a test on
// it measures generalisation to an unseen voice (its accent is one the training voices share, its variant and
// settings are not).
//
// Pitch and range are espeak-ng's 0-100 scales (50 = the voice's default); rate is in words per minute.

#include <string>
#include <vector>

namespace steerscope {

struct SpeakerProfile {
  std::string id;            // "spk01"; stable across corpus sizes
  std::string espeak_voice;  // espeak-ng voice name with variant, as espeak_SetVoiceByName takes it
  int pitch = 50;            // espeakPITCH, 0-100
  int pitch_range = 50;      // espeakRANGE, 0-100
  int rate_wpm = 175;        // espeakRATE, words per minute
  bool held_out = false;
};

class SpeakerSet {
 public:
  // count speakers: the first count - 1 built-in training speakers plus the held-out one. count must be in
  // [2, max_builtin_speakers()]; throws Error otherwise.
  static SpeakerSet builtin(int count);
  static int max_builtin_speakers();

  const std::vector<SpeakerProfile>& speakers() const {
    return speakers_;
  }  // training speakers, then held out
  std::vector<SpeakerProfile> training_speakers() const;
  const SpeakerProfile& held_out_speaker() const;
  // Throws Error naming the id if there is no such speaker.
  const SpeakerProfile& find(const std::string& id) const;

 private:
  std::vector<SpeakerProfile> speakers_;
};

}  // namespace steerscope
