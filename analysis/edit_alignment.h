#pragma once
// Minimum-edit alignment of a reference and a hypothesis token sequence, the core of WER and CER.
//
// Cost model: hits cost 0, substitutions, deletions and insertions cost 1 each (Levenshtein, as jiwer),
// so S + D + I is the edit distance and the corpus rate agrees with jiwer exactly. Several alignments
// can reach the same distance with different S/D/I splits (ref "a b", hyp "b c": two substitutions, or
// a deletion, a hit and an insertion). Among those we take the one with the fewest substitutions, i.e.
// the most hits; this is also what NIST sclite's weighted alignment (sub 4, ins 3, del 3) picks in
// such ties, so the splits agree with sclite wherever sclite's alignment is a minimum-edit one. jiwer
// (rapidfuzz editops) may split ties differently; its totals are the same.
// Remaining ties (same S, D and I, different positions) only change the aligned view; they are broken
// deterministically: walking back from the end, a hit, then a deletion, then an insertion, then a
// substitution, which puts gaps as late as possible and keeps runs of substitutions lined up.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope::analysis {

struct EditCounts {
  int64_t hits = 0;
  int64_t substitutions = 0;
  int64_t deletions = 0;
  int64_t insertions = 0;

  int64_t errors() const { return substitutions + deletions + insertions; }
  int64_t reference_length() const { return hits + substitutions + deletions; }  // S + D + H
  int64_t hypothesis_length() const { return hits + substitutions + insertions; }
  // errors / reference_length. With an empty reference: 0 when there are no errors (both empty), +inf
  // otherwise (only insertions). jiwer raises an error instead; we report, never abort a corpus.
  double rate() const;

  EditCounts& operator+=(const EditCounts& o);
  bool operator==(const EditCounts& o) const {
    return hits == o.hits && substitutions == o.substitutions && deletions == o.deletions &&
           insertions == o.insertions;
  }
};

enum class EditOp : char {
  kHit = '=',           // reference token == hypothesis token
  kSubstitution = 'S',  // both present, different
  kDeletion = 'D',      // reference token missing from the hypothesis (hypothesis empty)
  kInsertion = 'I',     // hypothesis token with no reference token (reference empty)
};

struct AlignedToken {
  std::string reference;   // empty for an insertion
  std::string hypothesis;  // empty for a deletion
  EditOp op = EditOp::kHit;

  bool operator==(const AlignedToken& o) const {
    return reference == o.reference && hypothesis == o.hypothesis && op == o.op;
  }
};

struct EditAlignment {
  EditCounts counts;
  std::vector<AlignedToken> tokens;  // in order; reference tokens read top to bottom give the reference
};

// Aligns two token sequences. O(|ref|·|hyp|) time, O(|ref|·|hyp|) bytes for the back-pointers.
EditAlignment align_tokens(const std::vector<std::string>& reference,
                           const std::vector<std::string>& hypothesis);

// Counts only (no back-pointers kept): O(|ref|·|hyp|) time, O(|hyp|) memory. Same counts as
// align_tokens(...).counts.
EditCounts count_edits(const std::vector<std::string>& reference, const std::vector<std::string>& hypothesis);

const char* edit_op_name(EditOp op);  // "hit", "substitution", "deletion", "insertion"

}  // namespace steerscope::analysis
