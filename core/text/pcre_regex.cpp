#include "core/text/pcre_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

#include "core/util/error.h"

namespace steerscope {

namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  const int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  return n < 0 ? "PCRE2 error " + std::to_string(code) : std::string(reinterpret_cast<const char*>(buffer));
}

pcre2_code* as_code(void* p) {
  return static_cast<pcre2_code*>(p);
}

// Compiles text; on failure returns nullptr and sets message to PCRE2's reason and offset.
pcre2_code* compile_or_explain(const std::string& text, uint32_t options, std::string& message) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), options, &error,
                                   &offset, nullptr);
  if (!code) message = pcre2_message(error) + " at offset " + std::to_string(offset);
  return code;
}

// Per-thread resources for long matches. A run of hundreds of thousands of symbols or emoji is a single
// match of ` ?[^\s\p{L}\p{N}]+`, and PCRE2's JIT needs stack in proportion: its default 32 KiB runs out
// after a few thousand characters. JIT matching gets a stack of up to kJitStackMax, and a match that needs
// more still is redone by the interpreter (heap-based, no match limit), so no input length is refused.
constexpr size_t kJitStackMax = 16 << 20;

struct MatchResources {
  pcre2_match_context* jit_context = pcre2_match_context_create(nullptr);
  pcre2_jit_stack* jit_stack = pcre2_jit_stack_create(32 << 10, kJitStackMax, nullptr);
  pcre2_match_context* interpreter_context = pcre2_match_context_create(nullptr);
  MatchResources() {
    if (jit_context && jit_stack) pcre2_jit_stack_assign(jit_context, nullptr, jit_stack);
    if (interpreter_context) pcre2_set_match_limit(interpreter_context, ~uint32_t{0});
  }
  ~MatchResources() {
    pcre2_jit_stack_free(jit_stack);
    pcre2_match_context_free(jit_context);
    pcre2_match_context_free(interpreter_context);
  }
  MatchResources(const MatchResources&) = delete;
  MatchResources& operator=(const MatchResources&) = delete;
};

constexpr const char* kMvs = "\\x{180E}";  // U+180E in PCRE2 syntax

// End of the character class that starts at pattern[open] == '[' (index of its closing ']'), or npos.
size_t class_end(const std::string& p, size_t open) {
  size_t i = open + 1;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;  // a ']' first in the class is a literal
  while (i < p.size()) {
    if (p[i] == '\\') {
      i += 2;
    } else if (p.compare(i, 2, "[:") == 0) {
      const size_t close = p.find(":]", i + 2);
      if (close == std::string::npos) return std::string::npos;
      i = close + 2;
    } else if (p[i] == ']') {
      return i;
    } else {
      ++i;
    }
  }
  return std::string::npos;
}

}  // namespace

std::string PcreRegex::onig_compatible(const std::string& p) {
  std::string out;
  out.reserve(p.size() + 32);
  size_t i = 0;
  while (i < p.size()) {
    if (p.compare(i, 2, "\\Q") == 0) {
      // \Q...\E quotes literally: copy it through untouched.
      const size_t e = p.find("\\E", i + 2);
      const size_t stop = e == std::string::npos ? p.size() : e + 2;
      out.append(p, i, stop - i);
      i = stop;
    } else if (p[i] == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 's')
        out += std::string("[^\\S") + kMvs + "]";
      else if (p[i + 1] == 'S')
        out += std::string("[\\S") + kMvs + "]";
      else
        out.append(p, i, 2);
      i += 2;
    } else if (p[i] == '[') {
      const size_t end = class_end(p, i);
      if (end == std::string::npos) {  // unbalanced: let PCRE2 report it
        out.append(p, i, std::string::npos);
        break;
      }
      const std::string cls = p.substr(i, end + 1 - i);
      bool has_s = false, has_S = false;
      for (size_t k = 1; k + 1 < cls.size(); ++k) {
        if (cls[k] != '\\') continue;
        has_s |= cls[k + 1] == 's';
        has_S |= cls[k + 1] == 'S';
        ++k;
      }
      // Is U+180E in the class? \S holds it for Oniguruma, \s holds it for PCRE2.
      const bool negated = cls.size() > 1 && cls[1] == '^';
      const bool onig_has = negated != has_S;
      const bool pcre_has = negated != has_s;
      if (onig_has == pcre_has)
        out += cls;
      else if (onig_has)
        out += "(?:" + cls + "|" + kMvs + ")";
      else
        out += std::string("(?:(?!") + kMvs + ")" + cls + ")";
      i = end + 1;
    } else {
      out += p[i++];
    }
  }
  return out;
}

PcreRegex::PcreRegex(const std::string& pattern, Syntax syntax) : pattern_(pattern) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP;
  if (syntax == Syntax::kLiteral) options |= PCRE2_LITERAL;
  std::string message;
  // Errors are reported against the pattern as written, not the rewritten one.
  pcre2_code* original = compile_or_explain(pattern, options, message);
  if (!original) throw Error("regex '" + pattern + "' does not compile: " + message);
  if (syntax == Syntax::kLiteral) {
    code_ = original;
  } else {
    pcre2_code_free(original);
    code_ = compile_or_explain(onig_compatible(pattern), options, message);
    if (!code_)
      throw Error("regex '" + pattern + "' does not compile once made Oniguruma-compatible: " + message);
  }
  // Without JIT the interpreter gives the same matches, only slower.
  jit_ = pcre2_jit_compile(as_code(code_), PCRE2_JIT_COMPLETE) == 0;
}

PcreRegex::~PcreRegex() {
  if (code_) pcre2_code_free(as_code(code_));
}

PcreRegex::PcreRegex(PcreRegex&& other) noexcept
    : pattern_(std::move(other.pattern_)), code_(other.code_), jit_(other.jit_) {
  other.code_ = nullptr;
}

PcreRegex& PcreRegex::operator=(PcreRegex&& other) noexcept {
  if (this != &other) {
    if (code_) pcre2_code_free(as_code(code_));
    pattern_ = std::move(other.pattern_);
    code_ = other.code_;
    jit_ = other.jit_;
    other.code_ = nullptr;
  }
  return *this;
}

void PcreRegex::find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& matches) const {
  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
      pcre2_match_data_create_from_pattern(as_code(code_), nullptr), &pcre2_match_data_free);
  if (!md) throw std::bad_alloc();
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t pos = 0;
  thread_local MatchResources resources;
  while (pos <= text.size()) {
    int rc = pcre2_match(as_code(code_), subject, text.size(), pos, PCRE2_NO_UTF_CHECK, md.get(),
                         resources.jit_context);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
      rc = pcre2_match(as_code(code_), subject, text.size(), pos, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md.get(),
                       resources.interpreter_context);
    if (rc == PCRE2_ERROR_NOMATCH) return;
    if (rc < 0) throw Error("regex '" + pattern_ + "' failed while matching: " + pcre2_message(rc));
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.get());
    const size_t begin = ov[0], end = ov[1];
    if (end > begin) {
      matches.emplace_back(begin, end);
      pos = end;
    } else {
      // Step over one whole UTF-8 character so that the next search starts on a character boundary.
      if (begin >= text.size()) return;
      pos = begin + 1;
      while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
    }
  }
}

}  // namespace steerscope
