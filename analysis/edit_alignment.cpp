#include "analysis/edit_alignment.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace steerscope::analysis {

double EditCounts::rate() const {
  const int64_t n = reference_length();
  if (n == 0) return errors() == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  return static_cast<double>(errors()) / static_cast<double>(n);
}

EditCounts& EditCounts::operator+=(const EditCounts& o) {
  hits += o.hits;
  substitutions += o.substitutions;
  deletions += o.deletions;
  insertions += o.insertions;
  return *this;
}

const char* edit_op_name(EditOp op) {
  switch (op) {
    case EditOp::kHit:
      return "hit";
    case EditOp::kSubstitution:
      return "substitution";
    case EditOp::kDeletion:
      return "deletion";
    case EditOp::kInsertion:
      return "insertion";
  }
  return "?";
}

namespace {

// Cost of a partial alignment, compared lexicographically: first the number of edits, then the number
// of substitutions (fewer substitutions = more hits for the same distance).
struct Cost {
  int64_t edits = 0;
  int64_t substitutions = 0;
  bool operator<(const Cost& o) const {
    return edits != o.edits ? edits < o.edits : substitutions < o.substitutions;
  }
};

enum Move : uint8_t { kDiagonal = 0, kUp = 1 /* deletion */, kLeft = 2 /* insertion */ };

// Tokens as small integers so that the O(n·m) loop compares ints, not strings.
struct InternedSequences {
  std::vector<int32_t> ref, hyp;
};

InternedSequences intern(const std::vector<std::string>& reference,
                         const std::vector<std::string>& hypothesis) {
  std::unordered_map<std::string, int32_t> ids;
  InternedSequences s;
  auto id_of = [&](const std::string& t) {
    auto [it, inserted] = ids.emplace(t, static_cast<int32_t>(ids.size()));
    return it->second;
  };
  s.ref.reserve(reference.size());
  s.hyp.reserve(hypothesis.size());
  for (const auto& t : reference) s.ref.push_back(id_of(t));
  for (const auto& t : hypothesis) s.hyp.push_back(id_of(t));
  return s;
}

// One DP cell from its three predecessors; returns the move taken. Among exactly tied moves: a hit
// first, then a deletion, then an insertion, then a substitution. Walking back from the end this puts
// gaps as late as possible, so "HELLO World" -> "hello, world!" aligns letter by letter with the comma
// inserted after "o", instead of shifting every letter by one behind an insertion at the start.
inline Move best_move(const Cost& diag, bool hit, const Cost& up, const Cost& left, Cost& out) {
  Move m = kDiagonal;
  out = diag;
  if (up < out || (!hit && !(out < up))) {
    out = up;
    m = kUp;
  }
  if (left < out || (m == kDiagonal && !hit && !(out < left))) {
    out = left;
    m = kLeft;
  }
  return m;
}

// Runs the DP; when moves is non-null, fills it with (n+1)*(m+1) back-pointers.
Cost run_dp(const InternedSequences& s, std::vector<uint8_t>* moves) {
  const size_t n = s.ref.size(), m = s.hyp.size();
  std::vector<Cost> prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = {static_cast<int64_t>(j), 0};
  if (moves) {
    moves->assign((n + 1) * (m + 1), kLeft);
    for (size_t i = 1; i <= n; ++i) (*moves)[i * (m + 1)] = kUp;
  }
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = {static_cast<int64_t>(i), 0};
    for (size_t j = 1; j <= m; ++j) {
      const bool same = s.ref[i - 1] == s.hyp[j - 1];
      Cost diag = prev[j - 1];
      if (!same) {
        ++diag.edits;
        ++diag.substitutions;
      }
      Cost up = prev[j];
      ++up.edits;
      Cost left = cur[j - 1];
      ++left.edits;
      const Move mv = best_move(diag, same, up, left, cur[j]);
      if (moves) (*moves)[i * (m + 1) + j] = mv;
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

EditAlignment align_tokens(const std::vector<std::string>& reference,
                           const std::vector<std::string>& hypothesis) {
  const InternedSequences s = intern(reference, hypothesis);
  std::vector<uint8_t> moves;
  run_dp(s, &moves);
  const size_t m = hypothesis.size();
  EditAlignment a;
  size_t i = reference.size(), j = hypothesis.size();
  while (i > 0 || j > 0) {
    const Move mv = static_cast<Move>(moves[i * (m + 1) + j]);
    if (mv == kDiagonal && i > 0 && j > 0) {
      const bool same = s.ref[i - 1] == s.hyp[j - 1];
      a.tokens.push_back({reference[i - 1], hypothesis[j - 1], same ? EditOp::kHit : EditOp::kSubstitution});
      if (same) {
        ++a.counts.hits;
      } else {
        ++a.counts.substitutions;
      }
      --i;
      --j;
    } else if (mv == kUp || j == 0) {
      a.tokens.push_back({reference[i - 1], std::string(), EditOp::kDeletion});
      ++a.counts.deletions;
      --i;
    } else {
      a.tokens.push_back({std::string(), hypothesis[j - 1], EditOp::kInsertion});
      ++a.counts.insertions;
      --j;
    }
  }
  std::reverse(a.tokens.begin(), a.tokens.end());
  return a;
}

EditCounts count_edits(const std::vector<std::string>& reference,
                       const std::vector<std::string>& hypothesis) {
  const InternedSequences s = intern(reference, hypothesis);
  const Cost c = run_dp(s, nullptr);
  // From the cost: S and S+D+I are known, and D - I = |ref| - |hyp| for every alignment.
  EditCounts counts;
  counts.substitutions = c.substitutions;
  const int64_t del_plus_ins = c.edits - c.substitutions;
  const int64_t del_minus_ins =
      static_cast<int64_t>(reference.size()) - static_cast<int64_t>(hypothesis.size());
  counts.deletions = (del_plus_ins + del_minus_ins) / 2;
  counts.insertions = (del_plus_ins - del_minus_ins) / 2;
  counts.hits = static_cast<int64_t>(reference.size()) - counts.substitutions - counts.deletions;
  return counts;
}

}  // namespace steerscope::analysis
