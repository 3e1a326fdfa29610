#include "core/corpus/function_call.h"

#include "core/util/error.h"

namespace steerscope {

namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class CallParser {
 public:
  explicit CallParser(const std::string& text) : text_(text) {}

  FunctionCall parse() {
    FunctionCall call;
    skip_spaces();
    call.name = name("function name");
    skip_spaces();
    expect('(');
    skip_spaces();
    if (peek() != ')') {
      for (;;) {
        call.arguments.push_back(argument());
        skip_spaces();
        if (peek() == ',') {
          ++pos_;
          skip_spaces();
          continue;
        }
        break;
      }
    }
    expect(')');
    skip_spaces();
    if (pos_ != text_.size()) fail("unexpected text after ')'");
    for (size_t i = 0; i < call.arguments.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (call.arguments[i].key == call.arguments[j].key)
          fail("argument '" + call.arguments[i].key + "' repeated");
    return call;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error("function call '" + text_ + "': " + problem + " at column " + std::to_string(pos_ + 1));
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string name(const char* what) {
    if (!is_name_start(peek())) fail(std::string("expected a ") + what);
    const size_t start = pos_;
    while (is_name_char(peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  FunctionArgument argument() {
    FunctionArgument arg;
    arg.key = name("argument name");
    skip_spaces();
    expect('=');
    skip_spaces();
    if (peek() == '"') {
      ++pos_;
      const size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\') fail("escapes are not supported in strings");
        ++pos_;
      }
      if (pos_ == text_.size()) fail("unterminated string");
      arg.value = text_.substr(start, pos_ - start);
      arg.is_string = true;
      ++pos_;
      return arg;
    }
    const size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (!is_digit(peek())) fail("expected an integer or a quoted string");
    while (is_digit(peek())) ++pos_;
    arg.value = text_.substr(start, pos_ - start);
    const size_t first_digit = arg.value[0] == '-' ? 1 : 0;
    if (arg.value.size() > first_digit + 1 && arg.value[first_digit] == '0')
      fail("integer with a leading zero");
    return arg;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

}  // namespace

std::string FunctionCall::to_string() const {
  std::string out = name + "(";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i) out += ", ";
    out += arguments[i].key + "=";
    out += arguments[i].is_string ? "\"" + arguments[i].value + "\"" : arguments[i].value;
  }
  return out + ")";
}

const FunctionArgument* FunctionCall::find(const std::string& key) const {
  for (const auto& a : arguments)
    if (a.key == key) return &a;
  return nullptr;
}

FunctionCall FunctionCall::parse(const std::string& text) {
  return CallParser(text).parse();
}

bool same_function_call(const std::string& answer, const std::string& reference) {
  try {
    return FunctionCall::parse(answer) == FunctionCall::parse(reference);
  } catch (const Error&) {
    return false;
  }
}

}  // namespace steerscope
