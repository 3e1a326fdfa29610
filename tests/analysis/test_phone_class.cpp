// Phone labels to broad classes: ARPAbet (CMUdict/MFA and TIMIT), espeak-ng style IPA with stress,
// length and diacritics, affricates written with and without tie bars, silences, and the automatic
// choice between the two alphabets.

#include <gtest/gtest.h>

#include "analysis/phone_class.h"
#include "core/util/error.h"

namespace steerscope::analysis {
namespace {

std::string cls(const std::string& label, PhoneAlphabet a = PhoneAlphabet::kAuto) {
  return phone_class_name(classify_phone(label, a));
}

TEST(PhoneClass, Arpabet) {
  EXPECT_EQ(cls("AH0"), "vowel");
  EXPECT_EQ(cls("IY1"), "vowel");
  EXPECT_EQ(cls("AY2"), "vowel");
  EXPECT_EQ(cls("ER0"), "vowel");
  EXPECT_EQ(cls("T"), "plosive");
  EXPECT_EQ(cls("G"), "plosive");
  EXPECT_EQ(cls("CH"), "affricate");
  EXPECT_EQ(cls("JH"), "affricate");
  EXPECT_EQ(cls("SH"), "fricative");
  EXPECT_EQ(cls("HH"), "fricative");
  EXPECT_EQ(cls("DH"), "fricative");
  EXPECT_EQ(cls("NG"), "nasal");
  EXPECT_EQ(cls("M"), "nasal");
  EXPECT_EQ(cls("L"), "approximant");
  EXPECT_EQ(cls("R"), "approximant");
  EXPECT_EQ(cls("Y"), "approximant");
  EXPECT_EQ(cls("W"), "approximant");
  // TIMIT's lower-case extended set.
  EXPECT_EQ(cls("aa"), "vowel");
  EXPECT_EQ(cls("ax-h"), "vowel");
  EXPECT_EQ(cls("dx"), "tap_trill");
  EXPECT_EQ(cls("kcl"), "plosive");
  EXPECT_EQ(cls("ng"), "nasal");
  EXPECT_EQ(cls("y", PhoneAlphabet::kArpabet), "approximant");
  EXPECT_EQ(cls("XX", PhoneAlphabet::kArpabet), "other");
}

TEST(PhoneClass, EspeakIpa) {
  EXPECT_EQ(cls("ə"), "vowel");
  EXPECT_EQ(cls("ˈaɪ"), "vowel");   // stress mark, diphthong
  EXPECT_EQ(cls("ɜː"), "vowel");    // length mark
  EXPECT_EQ(cls("ˌɑːɹ"), "vowel");  // espeak-ng's r-coloured vowel phoneme
  EXPECT_EQ(cls("ɚ"), "vowel");
  EXPECT_EQ(cls("ᵻ"), "vowel");  // espeak-ng's reduced vowel U+1D7B
  EXPECT_EQ(cls("ɑ̃"), "vowel");  // nasalised
  EXPECT_EQ(cls("oʊ"), "vowel");
  EXPECT_EQ(cls("tʃ"), "affricate");
  EXPECT_EQ(cls("t͡ʃ"), "affricate");  // tie bar
  EXPECT_EQ(cls("dʒ"), "affricate");
  EXPECT_EQ(cls("ts"), "affricate");
  EXPECT_EQ(cls("tɕ"), "affricate");
  EXPECT_EQ(cls("pf"), "affricate");
  EXPECT_EQ(cls("kx"), "affricate");
  EXPECT_EQ(cls("tʰ"), "plosive");  // aspiration
  EXPECT_EQ(cls("ʔ"), "plosive");
  EXPECT_EQ(cls("ɡ"), "plosive");  // U+0261, as espeak writes g
  EXPECT_EQ(cls("θ"), "fricative");
  EXPECT_EQ(cls("ð"), "fricative");
  EXPECT_EQ(cls("ʃ"), "fricative");
  EXPECT_EQ(cls("h"), "fricative");
  EXPECT_EQ(cls("ŋ"), "nasal");
  EXPECT_EQ(cls("n̩"), "nasal");  // syllabic
  EXPECT_EQ(cls("ɹ"), "approximant");
  EXPECT_EQ(cls("l̩"), "approximant");
  EXPECT_EQ(cls("ɫ"), "approximant");
  EXPECT_EQ(cls("j"), "approximant");
  EXPECT_EQ(cls("ɾ"), "tap_trill");
  EXPECT_EQ(cls("r"), "tap_trill");  // single lower-case letters are IPA under kAuto
  EXPECT_EQ(cls("y"), "vowel");
  EXPECT_EQ(cls("tt"), "plosive");  // geminate
  EXPECT_EQ(cls("ks"), "other");    // a cluster is not one class
  EXPECT_EQ(cls("☃"), "other");
}

TEST(PhoneClass, Silences) {
  for (const char* s : {"", "sil", "SIL", "sp", "pau", "h#", "<sil>", "_", " sil "})
    EXPECT_EQ(cls(s), "silence") << "'" << s << "'";
  EXPECT_EQ(cls("spn"), "other");  // MFA's spoken noise is speech
}

TEST(PhoneClass, ParsesAlphabetNames) {
  EXPECT_EQ(parse_phone_alphabet("ipa"), PhoneAlphabet::kIpa);
  EXPECT_EQ(parse_phone_alphabet("arpabet"), PhoneAlphabet::kArpabet);
  EXPECT_EQ(parse_phone_alphabet("auto"), PhoneAlphabet::kAuto);
  EXPECT_THROW(parse_phone_alphabet("sampa"), Error);
}

}  // namespace
}  // namespace steerscope::analysis
