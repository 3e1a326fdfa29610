#pragma once
// Phone and word alignments from espeak-ng's own events (EspeakSpeech), as interval tiers in seconds.
//
// espeak-ng reports when each phoneme starts (with the text position of its word) and when each word
// starts. The tiers are built from the phoneme events: a phone lasts until the next phoneme event; a pause
// event (empty phoneme name) starts a silence. Word boundaries come from the same phone boundaries (a word
// spans its first phone's start to its last phone's end), so the two tiers agree.
//
// Two corrections:
//  - Word groups. espeak-ng speaks some word pairs as one dictionary entry ("on the", "there was") and
//    then gives all their phonemes the first word's text position. Such a group's phones are split
//    between its words in order, by the phoneme counts of the words spoken alone
//    (EspeakSpeech::word_phoneme_counts); if those do not add up to the group's phones (context changed
//    a pronunciation), the phones are shared out in proportion to them, each word keeping at least one.
//  - Word onsets. espeak-ng reports a word-initial phoneme only after the stop closure or onset that
//    precedes it, and reports the word's start where that closure begins; when a word event falls strictly
//    inside the preceding phone or silence, the word's first phone is taken to start there.
//
// Both tiers cover [0, duration_s] without gaps: silences (before the speech, after it, and any pauses)
// are items labelled "" (Praat's and Montreal Forced Aligner's convention for silence; the recording
// types treat empty labels as silence). Word labels are the transcript's words, so the non-empty word
// labels joined by spaces equal the transcript.

#include <string>

#include "core/corpus/espeak_synthesizer.h"
#include "core/io/recording_types.h"

namespace steerscope {

struct SpeechAlignment {
  AlignmentTier phones;  // name "phones"
  AlignmentTier words;   // name "words"
};

// text: the normalised transcript that was synthesised (transcript_text.h). offset_s: where sample 0 of
// the speech lies in the final audio (the leading silence the caller adds); duration_s: length of the final
// audio. Times are offset_s + sample / speech.sample_rate, clamped to duration_s (the final audio is
// resampled, so its length can differ from the speech's by a fraction of a sample). Throws Error naming
// the text if a phoneme points outside the text, events go backwards in time or a word has no phone.
SpeechAlignment align_espeak_events(const EspeakSpeech& speech, const std::string& text, double offset_s,
                                    double duration_s);

}  // namespace steerscope
