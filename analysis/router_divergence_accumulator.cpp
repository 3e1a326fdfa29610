#include "analysis/router_divergence_accumulator.h"

#include <algorithm>

#include "analysis/distribution_measures.h"
#include "analysis/frame_time_map.h"
#include "analysis/hungarian_assignment.h"
#include "core/util/error.h"

namespace steerscope::analysis {

RouterDivergenceAccumulator::RouterDivergenceAccumulator(bool include_padding,
                                                         std::vector<std::vector<int>> matchings)
    : include_padding_(include_padding), matchings_(std::move(matchings)) {}

void RouterDivergenceAccumulator::add(const UtteranceRecord& a, const UtteranceRecord& b) {
  if (a.id != b.id)
    throw Error("checkpoint comparison: utterance '" + a.id + "' of A is paired with utterance '" + b.id +
                "' of B; the recordings must cover the same utterances in the same order");
  add(a.layers, b.layers, a.id);
}

void RouterDivergenceAccumulator::add(const std::vector<RouterTrace>& a, const std::vector<RouterTrace>& b,
                                      const std::string& utterance_id) {
  const std::string who =
      utterance_id.empty() ? std::string("utterance") : "utterance '" + utterance_id + "'";
  if (a.size() != b.size())
    throw Error(who + ": A has " + std::to_string(a.size()) + " layers, B has " + std::to_string(b.size()));
  if (a.empty()) return;
  const int E = layers_.empty() ? static_cast<int>(a.front().probs.cols) : experts_;
  if (!layers_.empty() && a.size() != layers_.size())
    throw Error(who + " has " + std::to_string(a.size()) + " layers, earlier utterances had " +
                std::to_string(layers_.size()));
  for (size_t l = 0; l < a.size(); ++l) {
    for (const RouterTrace* t : {&a[l], &b[l]}) {
      const std::string where = who + " layer " + std::to_string(t->layer) + (t == &a[l] ? " (A)" : " (B)");
      if (t->probs.cols != E)
        throw Error(where + ": " + std::to_string(t->probs.cols) + " experts, expected " + std::to_string(E));
      if (t->valid_frames < 0 || t->valid_frames > t->probs.rows)
        throw Error(where + ": valid_frames " + std::to_string(t->valid_frames) + " outside [0, " +
                    std::to_string(t->probs.rows) + "]");
    }
    if (l < matchings_.size() && !matchings_[l].empty()) {
      const auto& m = matchings_[l];
      std::vector<bool> seen(size_t(E), false);
      bool ok = int(m.size()) == E;
      for (size_t i = 0; ok && i < m.size(); ++i) {
        ok = m[i] >= 0 && m[i] < E && !seen[size_t(m[i])];
        if (ok) seen[size_t(m[i])] = true;
      }
      if (!ok)
        throw Error("checkpoint comparison: the matching for layer " + std::to_string(l) +
                    " is not a permutation of " + std::to_string(E) + " experts");
    }
  }
  if (layers_.empty()) {
    experts_ = E;
    layers_.resize(a.size());
    for (size_t l = 0; l < a.size(); ++l) {
      layers_[l].layer = a[l].layer;
      layers_[l].cooccurrence_sum.assign(size_t(E) * E, 0.0);
      layers_[l].dominant_counts.assign(size_t(E) * E, 0);
    }
  }

  for (size_t l = 0; l < a.size(); ++l) {
    const RouterTrace& ta = a[l];
    const RouterTrace& tb = b[l];
    LayerState& s = layers_[l];
    const int64_t na = include_padding_ ? ta.probs.rows : ta.valid_frames;
    const int64_t nb = include_padding_ ? tb.probs.rows : tb.valid_frames;
    const int* matching = l < matchings_.size() && !matchings_[l].empty() ? matchings_[l].data() : nullptr;
    auto add_pair = [&](const float* pa, const float* pb) {
      ++s.frames;
      s.js_sum += js_divergence_bits(pa, pb, E);
      if (matching) s.js_matched_sum += js_divergence_bits(pa, pb, E, matching);
      for (int i = 0; i < E; ++i)
        for (int j = 0; j < E; ++j) s.cooccurrence_sum[size_t(i) * E + j] += double(pa[i]) * pb[j];
      ++s.dominant_counts[size_t(dominant_index(pa, E)) * E + dominant_index(pb, E)];
    };
    if (ta.frame_rate_hz == tb.frame_rate_hz) {
      for (int64_t i = 0; i < std::min(na, nb); ++i) add_pair(ta.probs.row(i), tb.probs.row(i));
    } else if (ta.frame_rate_hz > tb.frame_rate_hz) {
      const auto map = map_frames_by_centre(ta.frame_rate_hz, na, tb.frame_rate_hz, nb);
      for (int64_t i = 0; i < na; ++i)
        if (map[size_t(i)] >= 0) add_pair(ta.probs.row(i), tb.probs.row(map[size_t(i)]));
    } else {
      const auto map = map_frames_by_centre(tb.frame_rate_hz, nb, ta.frame_rate_hz, na);
      for (int64_t j = 0; j < nb; ++j)
        if (map[size_t(j)] >= 0) add_pair(ta.probs.row(map[size_t(j)]), tb.probs.row(j));
    }
  }
}

std::vector<LayerRouterDivergence> RouterDivergenceAccumulator::result() const {
  std::vector<LayerRouterDivergence> out;
  const int E = experts_;
  for (size_t l = 0; l < layers_.size(); ++l) {
    const LayerState& s = layers_[l];
    LayerRouterDivergence d;
    d.layer = s.layer;
    d.frames = s.frames;
    d.dominant_cooccurrence = s.dominant_counts;
    d.cooccurrence.assign(s.cooccurrence_sum.size(), 0.0);
    const bool matched = l < matchings_.size() && !matchings_[l].empty();
    int64_t agree = 0, agree_matched = 0;
    for (int i = 0; i < E; ++i) {
      agree += s.dominant_counts[size_t(i) * E + i];
      if (matched) agree_matched += s.dominant_counts[size_t(i) * E + matchings_[l][size_t(i)]];
    }
    if (s.frames > 0) {
      const double n = double(s.frames);
      d.mean_js_bits = s.js_sum / n;
      for (size_t k = 0; k < d.cooccurrence.size(); ++k) d.cooccurrence[k] = s.cooccurrence_sum[k] / n;
      d.dominant_agreement = double(agree) / n;
      if (matched) {
        d.mean_js_bits_matched = s.js_matched_sum / n;
        d.dominant_agreement_matched = double(agree_matched) / n;
      }
    } else if (matched) {
      d.mean_js_bits_matched = 0.0;
      d.dominant_agreement_matched = 0.0;
    }
    d.cooccurrence_matching = max_weight_assignment(d.cooccurrence, E, E).column_of_row;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace steerscope::analysis
