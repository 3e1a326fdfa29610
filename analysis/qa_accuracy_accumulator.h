#pragma once
// The reference's Clotho-AQA "raw_accuracy" (steermoe.md §5.4): after Python's str.strip() on both
// strings, a prediction is correct if both are empty, or if both are non-empty and either is a
// substring of the other. Case-sensitive, no other normalisation; every (question, annotator answer)
// row counts once. (The reference's "token_accuracy" is buggy and deliberately not reproduced.)

#include <cstdint>
#include <string>

namespace steerscope::analysis {

bool clotho_aqa_correct(const std::string& prediction, const std::string& reference);

class QaAccuracyAccumulator {
 public:
  // Scores one row and returns whether it was correct.
  bool add(const std::string& prediction, const std::string& reference);

  int64_t correct() const { return correct_; }
  int64_t total() const { return total_; }
  double accuracy() const;  // correct / total; 0 when no rows were added

 private:
  int64_t correct_ = 0;
  int64_t total_ = 0;
};

}  // namespace steerscope::analysis
