#pragma once
// How training jobs score their validation output. core/ sits below analysis/ (which owns WER/CER), so
// the caller supplies the scorer: corpus error rate of hypotheses against references, words separated by
// spaces (e.g. analysis::ErrorRateAccumulator in the CLI; a plain edit distance in tests).

#include <functional>
#include <string>
#include <vector>

namespace steerscope {

using TextScorer = std::function<double(const std::vector<std::string>& references, const std::vector<std::string>& hypotheses)>;

}  // namespace steerscope
