#include "analysis/run_length_sequence.h"

#include <limits>

#include "core/util/error.h"

namespace steerscope::analysis {

RunLengthSequence::RunLengthSequence(const std::vector<int32_t>& values) {
  for (int32_t v : values) push_back(v);
}

void RunLengthSequence::push_back(int32_t value) {
  if (size() == std::numeric_limits<int32_t>::max())
    throw Error("run-length sequence: more than 2^31 - 1 frames in one utterance");
  if (!values_.empty() && values_.back() == value) {
    ++ends_.back();
  } else {
    values_.push_back(value);
    ends_.push_back(static_cast<int32_t>(size() + 1));
  }
}

std::vector<int32_t> RunLengthSequence::expand() const {
  std::vector<int32_t> out;
  out.reserve(size_t(size()));
  for (size_t r = 0; r < runs(); ++r)
    for (int64_t i = run_begin(r); i < run_end(r); ++i) out.push_back(values_[r]);
  return out;
}

}  // namespace steerscope::analysis
