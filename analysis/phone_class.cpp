#include "analysis/phone_class.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/utf8_text.h"
#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

const std::unordered_map<std::string, PhoneClass>& arpabet_table() {
  static const std::unordered_map<std::string, PhoneClass> table = [] {
    std::unordered_map<std::string, PhoneClass> t;
    for (const char* p : {"AA", "AE", "AH", "AO", "AW", "AX", "AXR", "AX-H", "AY", "EH",
                          "ER", "EY", "IH", "IX", "IY", "OW", "OY",  "UH",   "UW", "UX"})
      t[p] = PhoneClass::kVowel;
    for (const char* p : {"B", "D", "G", "K", "P", "T", "Q", "BCL", "DCL", "GCL", "KCL", "PCL", "TCL"})
      t[p] = PhoneClass::kPlosive;
    for (const char* p : {"CH", "JH"}) t[p] = PhoneClass::kAffricate;
    for (const char* p : {"DH", "F", "HH", "HV", "S", "SH", "TH", "V", "Z", "ZH", "WH"})
      t[p] = PhoneClass::kFricative;
    for (const char* p : {"M", "N", "NG", "EM", "EN", "ENG", "NX"}) t[p] = PhoneClass::kNasal;
    for (const char* p : {"L", "R", "W", "Y", "EL"}) t[p] = PhoneClass::kApproximant;
    t["DX"] = PhoneClass::kTapTrill;
    return t;
  }();
  return table;
}

const std::unordered_map<char32_t, PhoneClass>& ipa_table() {
  static const std::unordered_map<char32_t, PhoneClass> table = [] {
    std::unordered_map<char32_t, PhoneClass> t;
    // Vowels, including espeak-ng's ᵻ (U+1D7B) and ᵿ (U+1D7F), the r-coloured ɚ ɝ, the obsolete ɩ ɷ and
    // the sinologists' apical vowels ɿ ʅ.
    for (char32_t c : {U'i', U'y', U'ɨ', U'ʉ', U'ɯ', U'u', U'ɪ',      U'ʏ',      U'ʊ', U'e', U'ø', U'ɘ',
                       U'ɵ', U'ɤ', U'o', U'ə', U'ɛ', U'œ', U'ɜ',      U'ɞ',      U'ʌ', U'ɔ', U'æ', U'ɐ',
                       U'a', U'ɶ', U'ɑ', U'ɒ', U'ɚ', U'ɝ', U'\u1D7B', U'\u1D7F', U'ɩ', U'ɷ', U'ɿ', U'ʅ'})
      t[c] = PhoneClass::kVowel;
    for (char32_t c :
         {U'p', U'b', U't', U'd', U'ʈ', U'ɖ', U'c', U'ɟ', U'k', U'g', U'ɡ', U'q', U'ɢ', U'ʔ', U'ʡ'})
      t[c] = PhoneClass::kPlosive;
    for (char32_t c : {U'm', U'ɱ', U'n', U'ɳ', U'ɲ', U'ŋ', U'ɴ'}) t[c] = PhoneClass::kNasal;
    for (char32_t c : {U'ʙ', U'r', U'ʀ', U'ⱱ', U'ɾ', U'ɽ', U'ɺ'}) t[c] = PhoneClass::kTapTrill;
    for (char32_t c : {U'ɸ', U'β', U'f', U'v', U'θ', U'ð', U's', U'z', U'ʃ', U'ʒ', U'ʂ', U'ʐ', U'ç', U'ʝ',
                       U'x', U'ɣ', U'χ', U'ʁ', U'ħ', U'ʕ', U'h', U'ɦ', U'ɕ', U'ʑ', U'ɬ', U'ɮ', U'ʍ', U'ɧ'})
      t[c] = PhoneClass::kFricative;
    for (char32_t c : {U'ʋ', U'ɹ', U'ɻ', U'j', U'ɰ', U'w', U'ɥ', U'l', U'ɭ', U'ʎ', U'ʟ', U'ɫ'})
      t[c] = PhoneClass::kApproximant;
    return t;
  }();
  return table;
}

bool is_silence_label(const std::string& label) {
  static const std::unordered_set<std::string> silences = {"",    "sil",   "sp",      "pau", "h#", "#h",
                                                           "epi", "<sil>", "silence", "_",   "#",  "<eps>"};
  std::string lower = label;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return silences.count(lower) > 0;
}

// Removes stress, length, tie bars, diacritics, modifier letters and tone digits.
bool is_ipa_modifier(char32_t c) {
  if (c == '\'' || c == ':' || c == ',' || (c >= '0' && c <= '9')) return true;
  if (c >= 0x0300 && c <= 0x036F) return true;  // combining diacritics, tie bars ͜ ͡
  if (c >= 0x02B0 && c <= 0x02FF) return true;  // modifier letters: ˈ ˌ ː ˑ ʰ ʲ ʷ ˞ ˥..˩
  if (c >= 0x1D2C && c <= 0x1D6A) return true;  // superscript modifier letters ᵐ ᵑ ᵊ ...
  if (c >= 0x1DC0 && c <= 0x1DFF) return true;  // combining diacritics supplement
  return c == 0x207F || c == 0x203F;            // ⁿ, undertie ‿
}

// Broad place of articulation of stops and fricatives, for telling an affricate (homorganic stop +
// fricative: tʃ, ts, pf, kx) from a cluster (ks, ps). 0 = none of these.
int place_of(char32_t c) {
  static const std::unordered_map<char32_t, int> places = [] {
    std::unordered_map<char32_t, int> m;
    for (char32_t x : {U'p', U'b', U'ɸ', U'β', U'f', U'v'}) m[x] = 1;  // labial
    for (char32_t x :
         {U't', U'd', U'θ', U'ð', U's', U'z', U'ʃ', U'ʒ', U'ɬ', U'ɮ', U'ʈ', U'ɖ', U'ʂ', U'ʐ', U'ɕ', U'ʑ'})
      m[x] = 2;                                                  // coronal
    for (char32_t x : {U'c', U'ɟ', U'ç', U'ʝ'}) m[x] = 3;        // palatal
    for (char32_t x : {U'k', U'g', U'ɡ', U'x', U'ɣ'}) m[x] = 4;  // velar
    for (char32_t x : {U'q', U'ɢ', U'χ', U'ʁ'}) m[x] = 5;        // uvular
    return m;
  }();
  auto it = places.find(c);
  return it == places.end() ? 0 : it->second;
}

PhoneClass classify_ipa(const std::string& label) {
  std::vector<PhoneClass> classes;
  std::vector<char32_t> bases;
  for (const auto& cp : decode_utf8(label)) {
    if (is_ipa_modifier(cp.value) || is_python_whitespace(cp.value)) continue;
    auto it = ipa_table().find(cp.value);
    if (it == ipa_table().end()) return PhoneClass::kOther;
    classes.push_back(it->second);
    bases.push_back(cp.value);
  }
  if (classes.empty()) return PhoneClass::kOther;
  if (classes.front() == PhoneClass::kVowel) return PhoneClass::kVowel;
  if (classes.size() == 2 && classes[0] == PhoneClass::kPlosive && classes[1] == PhoneClass::kFricative &&
      place_of(bases[0]) != 0 && place_of(bases[0]) == place_of(bases[1]))
    return PhoneClass::kAffricate;
  for (PhoneClass c : classes)
    if (c != classes.front()) return PhoneClass::kOther;
  return classes.front();
}

// The ARPAbet symbol of a label (upper-cased, stress digit removed), or "" if it is not one.
std::string arpabet_symbol(const std::string& label) {
  std::string s = label;
  if (!s.empty() && s.back() >= '0' && s.back() <= '2') s.pop_back();
  for (char& ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (!(std::isalpha(u) || ch == '-')) return "";
    ch = static_cast<char>(std::toupper(u));
  }
  return arpabet_table().count(s) ? s : "";
}

}  // namespace

PhoneClass classify_phone(const std::string& label, PhoneAlphabet alphabet) {
  // Surrounding whitespace is not part of a label (some TextGrid writers pad).
  std::string trimmed = label;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  size_t start = 0;
  while (start < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[start]))) ++start;
  trimmed.erase(0, start);
  if (is_silence_label(trimmed)) return PhoneClass::kSilence;

  const std::string symbol = arpabet_symbol(trimmed);
  bool use_arpabet = false;
  switch (alphabet) {
    case PhoneAlphabet::kArpabet:
      use_arpabet = true;
      break;
    case PhoneAlphabet::kIpa:
      use_arpabet = false;
      break;
    case PhoneAlphabet::kAuto: {
      const bool has_upper =
          std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      const bool has_letters_only_lower = !has_upper && symbol.size() >= 2;
      use_arpabet = !symbol.empty() && (has_upper || has_letters_only_lower);
      break;
    }
  }
  if (use_arpabet) {
    if (symbol.empty()) return PhoneClass::kOther;
    return arpabet_table().at(symbol);
  }
  return classify_ipa(trimmed);
}

const char* phone_class_name(PhoneClass c) {
  switch (c) {
    case PhoneClass::kVowel:
      return "vowel";
    case PhoneClass::kPlosive:
      return "plosive";
    case PhoneClass::kAffricate:
      return "affricate";
    case PhoneClass::kFricative:
      return "fricative";
    case PhoneClass::kNasal:
      return "nasal";
    case PhoneClass::kApproximant:
      return "approximant";
    case PhoneClass::kTapTrill:
      return "tap_trill";
    case PhoneClass::kSilence:
      return "silence";
    case PhoneClass::kOther:
      return "other";
  }
  return "other";
}

PhoneAlphabet parse_phone_alphabet(const std::string& name) {
  if (name == "auto") return PhoneAlphabet::kAuto;
  if (name == "ipa") return PhoneAlphabet::kIpa;
  if (name == "arpabet") return PhoneAlphabet::kArpabet;
  throw Error("phone alphabet '" + name + "': expected auto, ipa or arpabet");
}

}  // namespace steerscope::analysis
