#include "analysis/qa_accuracy_accumulator.h"

#include "analysis/utf8_text.h"

namespace steerscope::analysis {

namespace {

// Python's str.strip() with no argument: Unicode whitespace at both ends.
std::string python_strip(const std::string& s) {
  const auto cps = decode_utf8(s);
  size_t begin = 0, end = cps.size();
  while (begin < end && is_python_whitespace(cps[begin].value)) ++begin;
  while (end > begin && is_python_whitespace(cps[end - 1].value)) --end;
  std::string out;
  for (size_t i = begin; i < end; ++i) out += cps[i].bytes;
  return out;
}

}  // namespace

bool clotho_aqa_correct(const std::string& prediction, const std::string& reference) {
  const std::string p = python_strip(prediction);
  const std::string r = python_strip(reference);
  if (p.empty() && r.empty()) return true;
  if (p.empty() || r.empty()) return false;
  // Byte-wise search on valid UTF-8 finds exactly the code-point substrings Python's "in" finds.
  return p.find(r) != std::string::npos || r.find(p) != std::string::npos;
}

bool QaAccuracyAccumulator::add(const std::string& prediction, const std::string& reference) {
  const bool ok = clotho_aqa_correct(prediction, reference);
  ++total_;
  if (ok) ++correct_;
  return ok;
}

double QaAccuracyAccumulator::accuracy() const {
  return total_ == 0 ? 0.0 : static_cast<double>(correct_) / static_cast<double>(total_);
}

}  // namespace steerscope::analysis
