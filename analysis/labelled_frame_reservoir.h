#pragma once
// The permutation test of expert × label association, with memory bounded independently of corpus size.
//
// Statistic: the geometric NMI of the hard (dominant expert × label) table of one layer. The null
// hypothesis is "expert choice and label are unrelated"; the null distribution is obtained by breaking
// the pairing between the two sequences while keeping each one's own structure:
//
//  - kCircularShift (frame-varying labels: phones, classes, words, diarised speakers). Within every
//    utterance the label sequence is rotated by an offset drawn uniformly from [0, n) (n = labelled
//    frames of that utterance), independently per utterance and per permutation. Shuffling single frames
//    would be wrong here: labels come in runs (a phone spans several frames) and routing is smooth in
//    time, so frame-level shuffling destroys the autocorrelation of both sequences and makes any
//    smooth router look significantly "associated" (a far too narrow null). A rotation keeps every run
//    and both marginals intact and only moves the labels relative to the routing. Unlabelled frames are
//    dropped before rotating, so the rotation acts on labelled frames only and the label and expert
//    totals are exactly those of the observed table.
//  - kUtteranceLabels (one label per utterance: speaker identity). Rotating a constant sequence changes
//    nothing, so instead the utterance -> label assignment is shuffled among the tested utterances
//    (each utterance keeps its own routing, and takes another utterance's label).
//  - kAuto: kUtteranceLabels when every tested utterance carries a single label, else kCircularShift
//    (utterances with a single label then contribute a fixed amount to every permuted table, which keeps
//    the test valid, conditional on them).
//
// Result: the observed NMI, the null mean and standard deviation, z = (observed - mean) / std, and the
// p-value (1 + #{null >= observed}) / (1 + permutations), the "+1" form that never reports p = 0
// from a finite number of permutations.
//
// Bounded memory: utterances are kept in a reservoir of at most `capacity` utterances (Vitter's
// algorithm R, seeded), each stored as run-length sequences (run_length_sequence.h) of the dominant
// expert per layer and of the labels (shared between layers of equal frame rate). Memory is
// O(capacity × runs per utterance × layers), independent of the corpus size. The trade-off: when the
// corpus has more utterances than the capacity, the test runs on a uniform random subset of whole
// utterances (the result says so, and gives the subset's own observed NMI), so it loses power on huge
// corpora but stays valid, while the association tables themselves are exact over the whole corpus.
// Keeping whole utterances (rather than sampled frames) is what lets the rotations keep the temporal
// structure. Time is O(permutations × stored runs) per layer.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_length_sequence.h"
#include "analysis/seeded_random.h"

namespace steerscope::analysis {

enum class PermutationScheme { kAuto, kCircularShift, kUtteranceLabels };

const char* permutation_scheme_name(PermutationScheme s);  // "auto", "circular_shift", "utterance_labels"
PermutationScheme parse_permutation_scheme(const std::string& name);  // throws steerscope::Error

struct PermutationTestResult {
  PermutationScheme scheme = PermutationScheme::kCircularShift;  // as resolved (never kAuto)
  int permutations = 0;
  int64_t utterances = 0;   // tested (kept in the reservoir)
  int64_t frames = 0;       // labelled frames of the tested utterances
  bool subsampled = false;  // the corpus had more utterances than the reservoir holds
  double observed_nmi = 0.0;
  double null_mean = 0.0;
  double null_std = 0.0;
  double z_score = 0.0;  // 0 when the null has no spread and observed equals its mean
  double p_value = 1.0;
};

// One stored utterance: per layer, the dominant expert and the label of each labelled frame (both of
// the same length), the labels shared between layers through label_of_layer.
struct ReservoirUtterance {
  std::vector<RunLengthSequence> dominant;  // [layers]
  std::vector<RunLengthSequence> labels;    // [distinct label sequences]
  std::vector<int32_t> label_of_layer;      // [layers] -> index into labels
};

class LabelledFrameReservoir {
 public:
  LabelledFrameReservoir(int64_t capacity, uint64_t seed);

  // Algorithm R: the slot the next offered utterance should be stored in, or nullopt if it is not kept.
  // Call store() with that slot (or skip building the sequences when nullopt).
  std::optional<size_t> next_slot();
  void store(size_t slot, ReservoirUtterance utterance);

  int64_t offered() const { return offered_; }
  size_t size() const { return stored_.size(); }
  bool subsampled() const { return offered_ > int64_t(stored_.size()); }
  size_t memory_bytes() const;

  // Runs the test for one layer. experts: E; labels: number of label ids in use. seed and layer select
  // an independent random stream. Throws steerscope::Error for kUtteranceLabels when an utterance has
  // more than one label.
  PermutationTestResult test_layer(size_t layer, int experts, int labels, int permutations,
                                   PermutationScheme scheme, uint64_t seed) const;

 private:
  int64_t capacity_;
  int64_t offered_ = 0;
  SeededRandom random_;
  std::vector<ReservoirUtterance> stored_;
};

}  // namespace steerscope::analysis
