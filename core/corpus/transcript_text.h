#pragma once
// The corpus's text normalisation convention, shared by the generators, the synthesiser and the tests.
//
// A normalised transcript is one or more words of lower-case ASCII letters (a-z) separated by single
// spaces: no punctuation, no apostrophes or hyphens, no digits (numbers are spelled out, see
// spoken_number.h), no leading or trailing space. This is what the corpus synthesises, what the manifest's
// text column holds and what a recogniser is scored against, so WER needs no further normalisation beyond
// lower-casing and stripping punctuation from the hypothesis. It also makes espeak-ng's character positions
// equal byte offsets.

#include <string>
#include <vector>

namespace steerscope {

bool is_normalised_transcript(const std::string& text);

// Trims and collapses runs of spaces (templates with an empty slot leave double spaces).
std::string collapse_spaces(const std::string& text);

// The words of a normalised transcript, in order.
std::vector<std::string> transcript_words(const std::string& text);

}  // namespace steerscope
