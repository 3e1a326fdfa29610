#pragma once
// Decides, from the options alone and without synthesising anything, every utterance of a demo corpus:
// its id, split, kind, text, function call, speaker, voice settings and padding. CorpusBuilder then renders
// the plan; tests check the split rules on the plan in milliseconds.
//
// Splits:
//  - train, validation, test: spoken by the training speakers, balanced between them.
//  - test_heldout_speaker: the held-out speaker (SpeakerSet) saying the first N test sentences, so that the
//    difference between the two test splits measures the unseen voice alone.
// Held-out sentences: every distinct text belongs to exactly one of train, validation and test, decided by
// a seeded hash of the text (80 / 10 / 10 per cent of the text space, so that every command function keeps
// most of its phrasings for training). A split draws texts from the generators until they hash to it, so
// no validation or test sentence is ever spoken in train, whatever the split sizes. Dictation texts are
// unique within the corpus; command texts are unique within a split while the command space allows.
// Each split uses its own random streams, so the test split does not change when --train does.
//
// Voice: each utterance jitters its speaker's rate by up to +-8 words per minute and pitch by up to +-4,
// and gets 0.1-0.3 s of silence before and after the speech.

#include <set>
#include <string>
#include <vector>

#include "core/corpus/command_generator.h"
#include "core/corpus/corpus_options.h"
#include "core/corpus/dictation_generator.h"
#include "core/corpus/espeak_synthesizer.h"
#include "core/corpus/speaker_set.h"

namespace steerscope {

enum class UtteranceKind { kDictation, kCommand };

// "dictation" or "command", as the manifest writes it.
const char* utterance_kind_name(UtteranceKind kind);

struct PlannedUtterance {
  std::string id;     // "<split>-<number>", e.g. "train-00042"; numbers start at 1
  std::string split;  // one of CorpusPlanner::split_names()
  UtteranceKind kind = UtteranceKind::kDictation;
  std::string text;     // normalised transcript (transcript_text.h)
  std::string call;     // canonical function call for commands, empty for dictation
  std::string speaker;  // SpeakerProfile::id
  EspeakVoiceSettings voice;
  int leading_silence = 0;   // samples at 16 kHz before the speech
  int trailing_silence = 0;  // samples at 16 kHz after it
};

class CorpusPlanner {
 public:
  static constexpr int kSampleRate = 16000;  // of the corpus audio, and of the silence counts above

  // Throws Error (CorpusOptions::validate) for invalid options.
  explicit CorpusPlanner(const CorpusOptions& options);

  // Every utterance, split by split in the order of split_names(), in id order within a split. Throws
  // Error if a split cannot find enough texts (only possible with tiny command spaces and huge splits).
  std::vector<PlannedUtterance> plan() const;

  // The text-only material for the language model (lm_text.txt), one item per line: the train split's
  // texts in plan order, then options.lm_extra further items drawn the same way from the training side of
  // the text space (never a validation or test text). A dictation item is its sentence; a command item is
  // "<text> => <call>", e.g. "set a timer for ten minutes => set_timer(minutes=10)": prompted with
  // "<text> =>", a language model continues with the call.
  std::vector<std::string> lm_text_lines(const std::vector<PlannedUtterance>& plan) const;

  // "train", "validation", "test", "test_heldout_speaker".
  static const std::vector<std::string>& split_names();
  // The split ("train", "validation" or "test") that owns a text under this corpus's seed.
  std::string text_split(const std::string& text) const;

  const CorpusOptions& options() const { return options_; }
  const SpeakerSet& speakers() const { return speakers_; }
  const DictationGenerator& dictation() const { return dictation_; }
  const CommandGenerator& commands() const { return commands_; }

 private:
  struct DrawnText {
    UtteranceKind kind;
    std::string text;
    std::string call;
  };
  // One text of the given kind owned by text split `owner`; a dictation text not in `used`, a command
  // text preferably not in it. Adds the text to `used`.
  DrawnText draw_text(const std::string& owner, UtteranceKind kind, CorpusRandom& random,
                      std::set<std::string>& used) const;

  CorpusOptions options_;
  SpeakerSet speakers_;
  DictationGenerator dictation_;
  CommandGenerator commands_;
};

}  // namespace steerscope
