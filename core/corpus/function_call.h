#pragma once
// The function calls that spoken commands map to, e.g. set_timer(minutes=10) or
// weather(city="paris", day="tomorrow").
//
// Canonical text form (what to_string() writes and what the corpus stores):
//   call     = name "(" [ argument { ", " argument } ] ")"
//   name     = [a-z_][a-z0-9_]*          (argument keys too)
//   argument = key "=" ( integer | string )
//   integer  = digits, optionally preceded by "-", written without leading zeros
//   string   = '"' characters other than '"' and '\' '"'   (no escapes: the generators never need them)
// Arguments appear in the order the function defines (CommandGenerator fixes it per function), so two calls
// are equal exactly when their canonical strings are equal. parse() also accepts spaces around the
// punctuation, so that a model's output can be scored argument by argument.

#include <string>
#include <vector>

namespace steerscope {

struct FunctionArgument {
  std::string key;
  std::string value;  // the integer's digits, or the string without its quotes
  bool is_string = false;

  bool operator==(const FunctionArgument& o) const {
    return key == o.key && value == o.value && is_string == o.is_string;
  }
};

struct FunctionCall {
  std::string name;
  std::vector<FunctionArgument> arguments;

  std::string to_string() const;
  const FunctionArgument* find(const std::string& key) const;  // nullptr if absent

  // Throws Error("function call '<text>': <problem> at column N") for anything that is not a call.
  static FunctionCall parse(const std::string& text);

  bool operator==(const FunctionCall& o) const { return name == o.name && arguments == o.arguments; }
};

// Exact-match scoring of a model's answer against the reference call: true when both parse and are equal
// (argument order and spacing do not matter); an answer that is not a call at all is wrong.
bool same_function_call(const std::string& answer, const std::string& reference);

}  // namespace steerscope
