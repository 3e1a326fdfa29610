#pragma once
// Broad phonetic classes of phone labels, for asking whether an expert specialises in vowels, plosives,
// fricatives, ... rather than in individual phones.
//
// Two alphabets are understood:
//  - IPA as espeak-ng writes it (e.g. "həlˈoʊ", "ɑːɹ", "tʃ", "n̩"), or as a forced aligner's phone tier
//    holds it, one phone per item. Before classification, stress marks (ˈ ˌ and ASCII '), length marks
//    (ː ˑ and ASCII :), tie bars (͡ ͜), combining diacritics (U+0300..U+036F: syllabic, nasalised,
//    non-syllabic, ...), spacing modifier letters (U+02B0..U+02FF: ʰ ʲ ʷ ˞, tone letters), superscript
//    modifiers (U+1D2C..U+1D6A, ⁿ) and ASCII digits (tone numbers) are removed. What remains is
//    classified by its base symbols:
//      * first symbol a vowel -> vowel (diphthongs "aɪ", r-coloured "ɑɹ" and triphthongs included);
//      * exactly two symbols, a plosive then a fricative at the same broad place (labial, coronal,
//        palatal, velar, uvular) -> affricate ("tʃ", "t͡ʃ", "dʒ", "ts", "pf", "tɕ", "kx"); "ks" is a cluster;
//      * all symbols of one consonant class -> that class (single consonants, geminates "tt");
//      * anything else (clusters, unknown symbols) -> other.
//    Consonant classes follow the IPA chart: plosive (including ʔ), nasal, tap/trill (ɾ r ʀ ʙ ɽ ɺ ⱱ),
//    fricative (including h ɦ ʍ ɧ), approximant (including laterals l ɭ ʎ ʟ ɫ and glides j w ɥ ɰ).
//  - ARPAbet (CMUdict / MFA English, and TIMIT's extended set), stress digits 0-2 ignored:
//      vowel AA AE AH AO AW AX AXR AX-H AY EH ER EY IH IX IY OW OY UH UW UX; plosive B D G K P T Q and
//      the TIMIT closures BCL DCL GCL KCL PCL TCL; affricate CH JH; fricative DH F HH HV S SH TH V Z ZH
//      WH; nasal M N NG EM EN ENG NX; approximant L R W Y EL; tap/trill DX.
// Silence: an empty label, or (any case) sil, sp, pau, h#, #h, epi, <sil>, silence, _, #, <eps>.
// "spn" (MFA's spoken noise for out-of-vocabulary words) is speech, not silence: it is "other".
//
// PhoneAlphabet::kAuto picks ARPAbet when the label, without its stress digit, is an ARPAbet symbol
// written in upper case (any length) or in lower case with two or more letters (TIMIT style "aa",
// "sh"); everything else is read as IPA. The two readings of single lower-case ASCII letters agree
// except for "y" (IPA close front rounded vowel, ARPAbet glide) and "r" (IPA trill, ARPAbet
// approximant), which kAuto reads as IPA; force kArpabet for lower-case TIMIT/ARPAbet tiers.

#include <string>

namespace steerscope::analysis {

enum class PhoneClass {
  kVowel,
  kPlosive,
  kAffricate,
  kFricative,
  kNasal,
  kApproximant,
  kTapTrill,
  kSilence,
  kOther
};
enum class PhoneAlphabet { kAuto, kIpa, kArpabet };

PhoneClass classify_phone(const std::string& label, PhoneAlphabet alphabet = PhoneAlphabet::kAuto);

// "vowel", "plosive", "affricate", "fricative", "nasal", "approximant", "tap_trill", "silence", "other".
const char* phone_class_name(PhoneClass c);

// Parses "auto", "ipa", "arpabet"; throws steerscope::Error naming the value otherwise.
PhoneAlphabet parse_phone_alphabet(const std::string& name);

}  // namespace steerscope::analysis
