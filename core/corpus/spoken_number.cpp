#include "core/corpus/spoken_number.h"

#include "core/util/error.h"

namespace steerscope {

std::string spell_number(int n) {
  static const char* const kUnits[] = {"zero",    "one",     "two",       "three",    "four",
                                       "five",    "six",     "seven",     "eight",    "nine",
                                       "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                       "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  static const char* const kTens[] = {"",      "",      "twenty",  "thirty", "forty",
                                      "fifty", "sixty", "seventy", "eighty", "ninety"};
  if (n < 0 || n > 999) throw Error("spell_number: " + std::to_string(n) + " is outside [0, 999]");
  std::string out;
  if (n >= 100) {
    out = std::string(kUnits[n / 100]) + " hundred";
    n %= 100;
    if (n == 0) return out;
    out += " ";
  }
  if (n < 20) return out + kUnits[n];
  out += kTens[n / 10];
  if (n % 10) out += std::string(" ") + kUnits[n % 10];
  return out;
}

}  // namespace steerscope
