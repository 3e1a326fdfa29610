#pragma once
// Dictation sentences for the demo corpus: a small English grammar (statements, descriptions, "there is"
// sentences, wants, questions; present and past tense with subject-verb agreement and a/an chosen by the
// next word) over about 450 word forms (84 nouns in singular and plural, 42 adjectives, 48 verbs in three
// forms, names, numbers, function words). The aim is text varied enough that sentences rarely repeat (so
// that held-out sentences exist), yet regular enough that a tiny language model trained for minutes learns
// it. Nouns, adjectives and verbs carry coarse semantic classes (people, animals, things, places) so that
// most sentences make sense ("the tired farmer found a small key near the bridge"); some remain odd ("our
// bird was very white in the road"), which costs nothing for speech recognition.
//
// Output follows the transcript convention of transcript_text.h: lower-case words and single spaces.

#include <string>
#include <vector>

#include "core/corpus/corpus_random.h"

namespace steerscope {

class DictationGenerator {
 public:
  // One sentence; typically 4 to 11 words.
  std::string generate(CorpusRandom& random) const;

  // Every word generate() can produce, sorted and unique.
  std::vector<std::string> vocabulary() const;
};

}  // namespace steerscope
