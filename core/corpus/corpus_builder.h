#pragma once
// Renders a CorpusPlanner plan to disk: the demo corpus of steerscope-cli corpus.
//
// Layout under the output directory (paths in the manifest are relative to it):
//   wav/<split>/<id>.wav   16 kHz mono 16-bit PCM: leading silence, the espeak-ng speech resampled from
//                          22050 Hz (libsamplerate, best sinc) at -1 dB gain (headroom for the resampler's
//                          overshoot), trailing silence
//   align/<id>.TextGrid    interval tiers "phones" (IPA), "words" and "speakers" (one interval, the speaker
//                          id), each covering the whole file; silence is labelled "" (espeak_alignment.h)
//   manifest.tsv           one header line, then one utterance per line, tab-separated:
//                            id         utterance id, "<split>-<number>"
//                            split      train | validation | test | test_heldout_speaker
//                            path       the WAV file
//                            align      the TextGrid file
//                            duration   seconds, 5 decimals (samples / 16000)
//                            speaker    speaker id (corpus.json lists the speakers; one is held out)
//                            kind       dictation | command
//                            text       the transcript (normalised: lower-case a-z words, single spaces)
//                            call       the function call for commands (function_call.h), empty otherwise
//                            rate_wpm   espeak-ng rate the utterance was spoken at
//                            pitch      espeak-ng pitch (0-100) the utterance was spoken at
//   lm_text.txt            text-only LM material (CorpusPlanner::lm_text_lines), one item per line
//   corpus.json            seed, options, generator version, espeak-ng version, counts and hours per split
//                          and kind, speakers, vocabulary, phone inventory with counts, function names,
//                          text conventions
//
// Reproducibility: the same options give byte-identical files. Randomness comes only from the seed
// (corpus_random.h); espeak-ng runs in a fresh process per utterance (espeak_synthesizer.h), so the audio
// of an utterance does not depend on the order or the number of threads; no file records a time or a path.
// The bytes do depend on the espeak-ng version and data (recorded in corpus.json) and on libsamplerate.

#include <functional>
#include <string>
#include <vector>

#include "core/corpus/corpus_options.h"

namespace steerscope {

struct CorpusSplitSummary {
  std::string split;
  int dictation = 0;
  int commands = 0;
  double audio_s = 0.0;
};

struct CorpusSummary {
  std::vector<CorpusSplitSummary> splits;  // in CorpusPlanner::split_names() order
  int utterances = 0;
  double audio_s = 0.0;
  int distinct_phones = 0;  // phone labels in the alignments, silence excluded
  int vocabulary_size = 0;  // words the generators can produce
  int lm_text_lines = 0;
  std::string espeak_version;
};

class CorpusBuilder {
 public:
  // Increment when the same options would give different files.
  static constexpr int kGeneratorVersion = 1;

  explicit CorpusBuilder(const CorpusOptions& options);

  // Writes the corpus into out_dir, which must not exist or be empty (Error otherwise). jobs utterances are
  // synthesised at a time (>= 1). progress(done, total), if set, is called from the calling thread as
  // utterances finish; returning false stops the build (throws Cancelled, leaving a partial directory).
  CorpusSummary build(const std::string& out_dir, int jobs = 1,
                      const std::function<bool(int done, int total)>& progress = {}) const;

 private:
  CorpusOptions options_;
};

}  // namespace steerscope
