#pragma once
// What a demo corpus contains (steerscope-cli corpus). Everything here determines the corpus's bytes: the
// same options give byte-identical files (see corpus_builder.h). The defaults are sized for the embedded
// demo, whose encoder, LM and steering module must all train in under an hour on two CPU cores: about
// 3900 utterances of 1-5 s (2.6 hours of audio, 2.0 of them for training), generated in about 200 s of CPU
// time (2 minutes with two jobs on an idle two-core machine; resampling dominates).

#include <cstdint>
#include <string>

namespace steerscope {

struct CorpusOptions {
  uint64_t seed = 1;
  int train = 3000;  // utterances per split
  int validation = 300;
  int test = 300;
  int test_heldout_speaker = 300;  // the held-out speaker saying the first N test sentences
  double commands_fraction = 0.4;  // share of spoken commands in each split; the rest is dictation
  int speakers = 10;               // training speakers + the held-out one (SpeakerSet::builtin)
  int lm_extra = 10000;            // extra generated training-side items appended to lm_text.txt

  // Throws Error naming the option ("--train must be >= 0") for values out of range.
  void validate() const;
};

}  // namespace steerscope
