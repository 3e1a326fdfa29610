#pragma once
// Turning transcripts into the token sequences WER and CER align.
//
// The reference's convention (steermoe.md §5.2, §5.3: jiwer 3.0.3 defaults, no normalisation) is the
// default, reproduced exactly:
//   RemoveMultipleSpaces  re.sub(r"\s\s+", " ", s): a run of two or more whitespace code points becomes
//                         one space; a single tab or newline is left alone
//   Strip                 s.strip(): leading and trailing whitespace removed
//   words                 s.split(" ") with empty pieces dropped. Only U+0020 separates words, so a lone
//                         tab between two words keeps them one token, as in jiwer
//   characters            list(s): every code point is a token, spaces inside the sentence included
// Whitespace is Python's (see is_python_whitespace).
//
// normalize_english() is SteerScope's optional English normalisation, applied before the steps above:
//   1. lower-case: ASCII A-Z and the Latin-1 capitals U+00C0..U+00DE (except U+00D7 ×) are mapped to
//      their small letters; other scripts are left as they are
//   2. U+2019 (right single quotation mark) and U+02BC (modifier apostrophe) are read as "'";
//      an apostrophe is kept only between two letters or digits ("don't", "o'clock"); elsewhere it is
//      punctuation ("'tis" -> "tis", "dogs'" -> "dogs")
//   3. punctuation is replaced by a space: ASCII !"#$%&()*+,-./:;<=>?@[\]^_`{|}~, the Latin-1
//      signs U+00A1..U+00BF except the letters-like ª º and the digits ² ³ ¹ and fractions, the general
//      punctuation block U+2010..U+205E, CJK punctuation U+3001..U+303F, and the full-width forms
//      U+FF01..U+FF0F, U+FF1A..U+FF20, U+FF3B..U+FF40, U+FF5B..U+FF65. Replacing by a space (not
//      deleting) splits "well-known" into "well known", as the Whisper English normaliser does
//   4. whitespace runs become one space and the ends are stripped
// Digits, letters of other scripts and symbols outside those ranges are untouched; numbers are not
// spelled out.

#include <string>
#include <vector>

namespace steerscope::analysis {

// RemoveMultipleSpaces then Strip, as jiwer does before splitting.
std::string collapse_and_strip_whitespace(const std::string& text);

// Word tokens under the reference convention.
std::vector<std::string> word_tokens(const std::string& text);

// Character tokens (one UTF-8 code point each) under the reference convention; spaces inside the
// sentence are tokens.
std::vector<std::string> character_tokens(const std::string& text);

// The English normalisation described above. Idempotent.
std::string normalize_english(const std::string& text);

}  // namespace steerscope::analysis
