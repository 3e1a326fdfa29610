#pragma once
// A sequence of small integers stored as runs (value, end). Per-frame dominant experts and frame labels
// change every few frames (a phone lasts ~4 frames at 50 Hz), so runs are several times smaller than
// frames; the permutation test's reservoir keeps utterances in this form, and the persistence
// statistics are run lengths by definition.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace steerscope::analysis {

class RunLengthSequence {
 public:
  RunLengthSequence() = default;
  explicit RunLengthSequence(const std::vector<int32_t>& values);

  void push_back(int32_t value);  // throws steerscope::Error past 2^31 - 1 frames
  int64_t size() const { return ends_.empty() ? 0 : ends_.back(); }  // frames
  size_t runs() const { return values_.size(); }
  int32_t run_value(size_t r) const { return values_[r]; }
  int64_t run_begin(size_t r) const { return r == 0 ? 0 : ends_[r - 1]; }
  int64_t run_end(size_t r) const { return ends_[r]; }  // exclusive
  std::vector<int32_t> expand() const;
  size_t memory_bytes() const { return (values_.capacity() + ends_.capacity()) * sizeof(int32_t); }

  bool operator==(const RunLengthSequence& o) const { return values_ == o.values_ && ends_ == o.ends_; }

 private:
  std::vector<int32_t> values_;
  std::vector<int32_t> ends_;  // cumulative run ends; a sequence holds fewer than 2^31 frames
};

// Calls visit(a_value, b_value, length) for every maximal stretch on which a and b(rotated) are both
// constant, where b is rotated left by `shift`: frame i of the rotated b is b[(i + shift) mod n]. a and b
// must have the same size n > 0; 0 <= shift < n. Cost O(a.runs() + b.runs()).
template <typename Visit>
void for_each_overlap_rotated(const RunLengthSequence& a, const RunLengthSequence& b, int64_t shift,
                              Visit&& visit) {
  const int64_t n = a.size();
  if (n == 0) return;
  // Locate the run of b holding frame `shift`.
  size_t rb = 0;
  {
    size_t lo = 0, hi = b.runs();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (b.run_end(mid) <= shift) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    rb = lo;
  }
  size_t ra = 0;
  int64_t pos = 0;        // position in a (and in the rotated b)
  int64_t b_pos = shift;  // position in the unrotated b
  while (pos < n) {
    if (b_pos == n) {
      b_pos = 0;
      rb = 0;
    }
    const int64_t a_left = a.run_end(ra) - pos;
    const int64_t b_left = b.run_end(rb) - b_pos;
    const int64_t len = a_left < b_left ? a_left : b_left;
    visit(a.run_value(ra), b.run_value(rb), len);
    pos += len;
    b_pos += len;
    if (pos == a.run_end(ra)) ++ra;
    if (b_pos == b.run_end(rb)) ++rb;
  }
}

}  // namespace steerscope::analysis
