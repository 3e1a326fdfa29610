#include "core/corpus/corpus_options.h"

#include "core/corpus/speaker_set.h"
#include "core/util/error.h"

namespace steerscope {

void CorpusOptions::validate() const {
  auto check_count = [](const char* name, int value) {
    if (value < 0 || value > 1000000)
      throw Error(std::string("corpus option --") + name + " must be in [0, 1000000], got " +
                  std::to_string(value));
  };
  check_count("train", train);
  check_count("validation", validation);
  check_count("test", test);
  check_count("test-heldout-speaker", test_heldout_speaker);
  check_count("lm-extra", lm_extra);
  if (train + validation + test + test_heldout_speaker == 0)
    throw Error(
        "corpus options: every split is empty (--train, --validation, --test, --test-heldout-speaker)");
  if (!(commands_fraction >= 0.0 && commands_fraction <= 1.0))
    throw Error("corpus option --commands-fraction must be in [0, 1], got " +
                std::to_string(commands_fraction));
  if (speakers < 2 || speakers > SpeakerSet::max_builtin_speakers())
    throw Error("corpus option --speakers must be in [2, " +
                std::to_string(SpeakerSet::max_builtin_speakers()) + "], got " + std::to_string(speakers));
}

}  // namespace steerscope
