#pragma once
// Speech synthesis with libespeak-ng (Debian 12: 1.51), with the phoneme and word events from which the
// corpus's alignments are made.
//
// Every call runs espeak-ng in a fresh child process (fork), and the calling process never calls into
// the library's synthesis itself. Two reasons:
//  - Reproducibility. espeak-ng 1.51 keeps synthesis state in function-local statics that nothing resets
//    (the pitch-flutter phase, the automatic gain control, the glottal cycle counter behind "roughness"),
//    so in one process the audio of an utterance depends on everything synthesised before it, and
//    espeak_Terminate() followed by espeak_Initialize() hangs. In a fresh process the audio is a pure
//    function of (text, voice settings, espeak-ng version and data), whatever else the caller does.
//  - Thread safety. espeak-ng is a global-state C library; separate processes need no lock, so calls may
//    come from several threads at once (forks are serialised internally so that no child inherits another
//    call's pipe).
// A call costs about 10-20 ms (fork, espeak-ng initialisation, voice loading, synthesis of a short
// utterance). Requires POSIX fork(). The contract holds only while nothing else in the process calls
// libespeak-ng's synthesis, since a child inherits the parent's library state.
//
// Pinned settings: AUDIO_OUTPUT_SYNCHRONOUS; espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA;
// volume 100; no extra word gap; punctuation and capitals not announced (the defaults of a fresh process);
// no end-of-text pause (no espeakENDPAUSE); srand(1) before synthesis (variants with "breath" draw from
// rand()). Rate, pitch and range come from the caller.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope {

struct EspeakVoiceSettings {
  std::string voice;     // espeak_SetVoiceByName name, e.g. "en-us+m3"
  int rate_wpm = 175;    // espeakRATE, 80-450
  int pitch = 50;        // espeakPITCH, 0-100
  int pitch_range = 50;  // espeakRANGE, 0-100
};

// espeakEVENT_PHONEME: a phoneme starts.
struct EspeakPhoneEvent {
  int64_t sample = 0;     // in samples at EspeakSpeech::sample_rate from the start of the audio
  int text_position = 0;  // 1-based character position of the word the phoneme belongs to
  std::string phone;      // IPA (e.g. "aɪ", "ɔːɹ"); empty for a pause
};

// espeakEVENT_WORD: a word starts.
struct EspeakWordEvent {
  int64_t sample = 0;     // as above
  int text_position = 0;  // 1-based character position of the word's first letter
  int length = 0;         // in characters
};

struct EspeakSpeech {
  std::vector<int16_t> samples;          // mono PCM at sample_rate
  int sample_rate = 0;                   // 22050 for espeak-ng's own voices
  std::vector<EspeakPhoneEvent> phones;  // in time order
  std::vector<EspeakWordEvent> words;    // in time order
  // For each space-separated word of the text: how many phonemes espeak_TextToPhonemes gives for the word
  // spoken alone. espeak-ng speaks some word pairs as one dictionary entry ("on the", "there was": about
  // 200 such entries in en_list) and then reports one word event and one text position for the phonemes
  // of both; these counts let the aligner split such a group between its words.
  std::vector<int> word_phoneme_counts;
};

class EspeakSynthesizer {
 public:
  // data_path: the directory that contains espeak-ng-data; empty for the library's default.
  explicit EspeakSynthesizer(std::string data_path = "");

  // Synthesises text (UTF-8; the corpus passes normalised transcripts). Throws Error naming the voice and
  // the text if the voice is unknown, synthesis fails or the child process dies.
  EspeakSpeech synthesize(const std::string& text, const EspeakVoiceSettings& voice) const;

  // libespeak-ng's version string, e.g. "1.51".
  static std::string library_version();

 private:
  std::string data_path_;
};

}  // namespace steerscope
