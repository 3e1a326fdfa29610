#pragma once
// Numbers as the corpus speaks and transcribes them: lower-case English words separated by single spaces,
// no hyphens and no "and" ("twenty one", "one hundred five"), so that transcripts contain only the
// letters a-z and spaces (see text_normalisation.h) while function calls carry the digits.

#include <string>

namespace steerscope {

// n in [0, 999]; throws Error outside that range.
std::string spell_number(int n);

}  // namespace steerscope
