#pragma once
// A compiled PCRE2 pattern for the pre-tokenizer splits. Hugging Face tokenizers compiles these patterns
// with Oniguruma; PCRE2 in UTF + UCP mode agrees with it on the constructs tokenizer.json files use
// (\p{L}, \p{N}, (?i:...), the look-ahead in \s+(?!\S)), which std::regex and RE2 cannot express, with one
// exception that onig_compatible() papers over: PCRE2's \s also matches U+180E MONGOLIAN VOWEL SEPARATOR
// (a space before Unicode 6.3, kept in PCRE2's fixed list of horizontal spaces), Oniguruma's \s is exactly
// Unicode White_Space. JIT-compiled when the library supports it.
//
// Thread-safe: the compiled pattern is immutable and each find_all call has its own match data.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steerscope {

class PcreRegex {
 public:
  enum class Syntax { kRegex, kLiteral };

  // Throws Error "regex '<pattern>' does not compile: <reason> at offset N" (the caller adds the file).
  explicit PcreRegex(const std::string& pattern, Syntax syntax = Syntax::kRegex);
  ~PcreRegex();
  PcreRegex(PcreRegex&& other) noexcept;
  PcreRegex& operator=(PcreRegex&& other) noexcept;
  PcreRegex(const PcreRegex&) = delete;
  PcreRegex& operator=(const PcreRegex&) = delete;

  // Appends [begin, end) byte ranges of the successive non-overlapping matches in text, left to right.
  // Empty matches are left out (the pre-tokenizer drops empty pieces) and the search then resumes one
  // character later, as Oniguruma's find_iter does. text must be valid UTF-8 (not re-checked).
  void find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& matches) const;

  // pattern rewritten so that \s and \S treat U+180E as Oniguruma does (not a space): outside a class
  // \s becomes [^\S\x{180E}] and \S becomes [\S\x{180E}]; a class that holds \s or \S is wrapped so that
  // U+180E is in it exactly when it would be with Oniguruma, assuming the class's other items do not
  // mention U+180E. Everything else is copied unchanged.
  static std::string onig_compatible(const std::string& pattern);

  const std::string& pattern() const { return pattern_; }
  bool jit() const { return jit_; }

 private:
  std::string pattern_;
  void* code_ = nullptr;  // pcre2_code_8*, kept opaque so that this header does not pull in pcre2.h
  bool jit_ = false;
};

}  // namespace steerscope
