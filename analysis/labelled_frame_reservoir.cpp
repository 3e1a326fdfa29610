#include "analysis/labelled_frame_reservoir.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace steerscope::analysis {

const char* permutation_scheme_name(PermutationScheme s) {
  switch (s) {
    case PermutationScheme::kAuto:
      return "auto";
    case PermutationScheme::kCircularShift:
      return "circular_shift";
    case PermutationScheme::kUtteranceLabels:
      return "utterance_labels";
  }
  return "auto";
}

PermutationScheme parse_permutation_scheme(const std::string& name) {
  if (name == "auto") return PermutationScheme::kAuto;
  if (name == "circular_shift") return PermutationScheme::kCircularShift;
  if (name == "utterance_labels") return PermutationScheme::kUtteranceLabels;
  throw Error("permutation scheme '" + name + "': expected auto, circular_shift or utterance_labels");
}

namespace {

// Geometric NMI of an E × K count table stored row-major [e * K + l] (see contingency_table.h).
double nmi_of_counts(const std::vector<int64_t>& counts, int E, int K) {
  std::vector<double> rows(size_t(E), 0.0), cols(size_t(K), 0.0);
  double n = 0.0;
  for (int e = 0; e < E; ++e) {
    for (int l = 0; l < K; ++l) {
      const double v = double(counts[size_t(e) * size_t(K) + size_t(l)]);
      rows[size_t(e)] += v;
      cols[size_t(l)] += v;
      n += v;
    }
  }
  if (n <= 0.0) return 0.0;
  auto entropy = [n](const std::vector<double>& m) {
    double h = 0.0;
    for (double v : m)
      if (v > 0.0) h -= (v / n) * std::log(v / n);
    return h;
  };
  const double he = entropy(rows), hl = entropy(cols);
  if (he <= 0.0 || hl <= 0.0) return 0.0;
  double mi = 0.0;
  for (int e = 0; e < E; ++e) {
    for (int l = 0; l < K; ++l) {
      const double v = double(counts[size_t(e) * size_t(K) + size_t(l)]);
      if (v > 0.0) mi += (v / n) * std::log(v * n / (rows[size_t(e)] * cols[size_t(l)]));
    }
  }
  const double nmi = mi / std::sqrt(he * hl);
  return nmi < 0.0 ? 0.0 : (nmi > 1.0 ? 1.0 : nmi);
}

}  // namespace

LabelledFrameReservoir::LabelledFrameReservoir(int64_t capacity, uint64_t seed)
    : capacity_(capacity), random_(seed, /*stream=*/0xFFFFFFFFull) {
  if (capacity_ < 1) throw Error("permutation test: reservoir capacity must be at least 1 utterance");
}

std::optional<size_t> LabelledFrameReservoir::next_slot() {
  const int64_t k = offered_++;
  if (k < capacity_) return size_t(k);
  const uint64_t j = random_.uniform_below(uint64_t(k) + 1);
  if (j < uint64_t(capacity_)) return size_t(j);
  return std::nullopt;
}

void LabelledFrameReservoir::store(size_t slot, ReservoirUtterance utterance) {
  if (slot == stored_.size()) {
    stored_.push_back(std::move(utterance));
  } else if (slot < stored_.size()) {
    stored_[slot] = std::move(utterance);
  } else {
    throw Error("permutation test: reservoir slot " + std::to_string(slot) + " out of order");
  }
}

size_t LabelledFrameReservoir::memory_bytes() const {
  size_t bytes = stored_.capacity() * sizeof(ReservoirUtterance);
  for (const auto& u : stored_) {
    for (const auto& s : u.dominant) bytes += s.memory_bytes() + sizeof(RunLengthSequence);
    for (const auto& s : u.labels) bytes += s.memory_bytes() + sizeof(RunLengthSequence);
    bytes += u.label_of_layer.capacity() * sizeof(int32_t);
  }
  return bytes;
}

PermutationTestResult LabelledFrameReservoir::test_layer(size_t layer, int experts, int labels,
                                                         int permutations, PermutationScheme scheme,
                                                         uint64_t seed) const {
  PermutationTestResult r;
  r.permutations = permutations;
  r.subsampled = subsampled();
  const int E = experts, K = labels;
  if (E < 1 || K < 1) return r;

  // The tested utterances: those with labelled frames in this layer.
  std::vector<const ReservoirUtterance*> used;
  bool all_single_label = true;
  for (const auto& u : stored_) {
    if (layer >= u.dominant.size() || u.dominant[layer].size() == 0) continue;
    used.push_back(&u);
    r.frames += u.dominant[layer].size();
    if (u.labels[size_t(u.label_of_layer[layer])].runs() != 1) all_single_label = false;
  }
  r.utterances = int64_t(used.size());
  if (scheme == PermutationScheme::kAuto)
    scheme = all_single_label ? PermutationScheme::kUtteranceLabels : PermutationScheme::kCircularShift;
  if (scheme == PermutationScheme::kUtteranceLabels && !all_single_label)
    throw Error("permutation test, layer " + std::to_string(layer) +
                ": scheme utterance_labels needs one label per utterance, but some utterances have several");
  r.scheme = scheme;

  std::vector<int64_t> counts(size_t(E) * size_t(K));
  auto labels_of = [layer](const ReservoirUtterance* u) -> const RunLengthSequence& {
    return u->labels[size_t(u->label_of_layer[layer])];
  };

  // Observed table (no rotation).
  for (const auto* u : used)
    for_each_overlap_rotated(u->dominant[layer], labels_of(u), 0, [&](int32_t e, int32_t l, int64_t len) {
      counts[size_t(e) * size_t(K) + size_t(l)] += len;
    });
  r.observed_nmi = nmi_of_counts(counts, E, K);
  if (permutations <= 0 || used.empty()) return r;

  SeededRandom random(seed, uint64_t(layer));
  std::vector<double> null_values(static_cast<size_t>(permutations));

  if (scheme == PermutationScheme::kCircularShift) {
    for (int p = 0; p < permutations; ++p) {
      std::fill(counts.begin(), counts.end(), 0);
      for (const auto* u : used) {
        const RunLengthSequence& d = u->dominant[layer];
        const auto shift = static_cast<int64_t>(random.uniform_below(uint64_t(d.size())));
        for_each_overlap_rotated(d, labels_of(u), shift, [&](int32_t e, int32_t l, int64_t len) {
          counts[size_t(e) * size_t(K) + size_t(l)] += len;
        });
      }
      null_values[size_t(p)] = nmi_of_counts(counts, E, K);
    }
  } else {
    // Per-utterance expert histograms, then shuffle which utterance carries which label.
    const size_t m = used.size();
    std::vector<int64_t> histograms(m * size_t(E), 0);
    std::vector<int32_t> utterance_label(m);
    for (size_t i = 0; i < m; ++i) {
      const RunLengthSequence& d = used[i]->dominant[layer];
      for (size_t run = 0; run < d.runs(); ++run)
        histograms[i * size_t(E) + size_t(d.run_value(run))] += d.run_end(run) - d.run_begin(run);
      utterance_label[i] = labels_of(used[i]).run_value(0);
    }
    std::vector<int32_t> shuffled = utterance_label;
    for (int p = 0; p < permutations; ++p) {
      shuffled = utterance_label;
      for (size_t i = m; i > 1; --i) std::swap(shuffled[i - 1], shuffled[size_t(random.uniform_below(i))]);
      std::fill(counts.begin(), counts.end(), 0);
      for (size_t i = 0; i < m; ++i)
        for (int e = 0; e < E; ++e)
          counts[size_t(e) * size_t(K) + size_t(shuffled[i])] += histograms[i * size_t(E) + size_t(e)];
      null_values[size_t(p)] = nmi_of_counts(counts, E, K);
    }
  }

  double sum = 0.0, sum_sq = 0.0;
  int at_least = 0;
  // Ties in floating point: a null value within rounding of the observed one counts as >= observed.
  const double tolerance = 1e-12 * std::max(1.0, std::fabs(r.observed_nmi));
  for (double v : null_values) {
    sum += v;
    sum_sq += v * v;
    if (v >= r.observed_nmi - tolerance) ++at_least;
  }
  r.null_mean = sum / permutations;
  r.null_std = std::sqrt(std::max(0.0, sum_sq / permutations - r.null_mean * r.null_mean));
  const double diff = r.observed_nmi - r.null_mean;
  if (r.null_std > 0.0) {
    r.z_score = diff / r.null_std;
  } else {
    r.z_score = std::fabs(diff) <= tolerance ? 0.0 : (diff > 0 ? INFINITY : -INFINITY);
  }
  r.p_value = double(1 + at_least) / double(1 + permutations);
  return r;
}

}  // namespace steerscope::analysis
