#include "analysis/routing_stats_accumulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/contingency_table.h"
#include "analysis/distribution_measures.h"
#include "analysis/frame_time_map.h"
#include "core/util/error.h"

namespace steerscope::analysis {

namespace {

std::string where(const std::string& utterance_id, const RouterTrace& t) {
  return (utterance_id.empty() ? std::string("utterance") : "utterance '" + utterance_id + "'") + " layer " +
         std::to_string(t.layer);
}

double population_cv(const std::vector<double>& v) {
  if (v.empty()) return 0.0;
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  if (mean <= 0.0) return 0.0;
  double var = 0.0;
  for (double x : v) var += (x - mean) * (x - mean);
  return std::sqrt(var / double(v.size())) / mean;
}

}  // namespace

RoutingStatsAccumulator::RoutingStatsAccumulator(RoutingStatsOptions options) : options_(options) {
  if (options_.run_length_bins < 1 || options_.margin_bins < 1 || options_.delta_norm_position_bins < 1)
    throw Error("routing statistics: histogram bin counts must be at least 1");
}

void RoutingStatsAccumulator::add(const UtteranceRecord& utterance) {
  add(utterance.layers, utterance.id);
}

int64_t RoutingStatsAccumulator::counted_frames(const RouterTrace& t) const {
  return options_.include_padding ? t.probs.rows : std::min(t.valid_frames, t.probs.rows);
}

void RoutingStatsAccumulator::add(const std::vector<RouterTrace>& layers, const std::string& utterance_id) {
  if (layers.empty()) return;
  // Validate everything before touching the state, so a bad utterance leaves the totals unchanged.
  if (layers_.empty()) {
    experts_ = static_cast<int>(layers.front().probs.cols);
    if (experts_ < 1) throw Error(where(utterance_id, layers.front()) + ": router trace has no experts");
  } else if (layers.size() != layers_.size()) {
    throw Error((utterance_id.empty() ? std::string("utterance") : "utterance '" + utterance_id + "'") +
                " has " + std::to_string(layers.size()) + " layers, earlier utterances had " +
                std::to_string(layers_.size()));
  }
  for (size_t l = 0; l < layers.size(); ++l) {
    const RouterTrace& t = layers[l];
    if (t.probs.cols != experts_)
      throw Error(where(utterance_id, t) + ": " + std::to_string(t.probs.cols) + " experts, expected " +
                  std::to_string(experts_));
    if (t.valid_frames < 0 || t.valid_frames > t.probs.rows)
      throw Error(where(utterance_id, t) + ": valid_frames " + std::to_string(t.valid_frames) +
                  " outside [0, " + std::to_string(t.probs.rows) + "]");
    if (!t.delta_norm.empty() && int64_t(t.delta_norm.size()) != t.probs.rows)
      throw Error(where(utterance_id, t) + ": delta_norm has " + std::to_string(t.delta_norm.size()) +
                  " frames, probs has " + std::to_string(t.probs.rows));
    if (!(t.frame_rate_hz > 0.0))
      throw Error(where(utterance_id, t) + ": frame rate " + std::to_string(t.frame_rate_hz) +
                  " Hz is not positive");
    if (!layers_.empty() && layers_[l].frame_rate_hz != t.frame_rate_hz)
      throw Error(where(utterance_id, t) + ": frame rate " + std::to_string(t.frame_rate_hz) +
                  " Hz, earlier utterances " + std::to_string(layers_[l].frame_rate_hz) + " Hz");
  }
  if (layers_.empty()) {
    const size_t E = size_t(experts_);
    layers_.resize(layers.size());
    for (size_t l = 0; l < layers.size(); ++l) {
      LayerState& s = layers_[l];
      s.layer = layers[l].layer;
      s.frame_rate_hz = layers[l].frame_rate_hz;
      s.prob_sum.assign(E, 0.0);
      s.dominant_count.assign(E, 0);
      s.margin_histogram.assign(size_t(options_.margin_bins), 0);
      s.run_histogram.assign(size_t(options_.run_length_bins), 0);
      s.expert_runs.assign(E, 0);
      s.expert_run_frames.assign(E, 0);
      s.delta_position_sum.assign(size_t(options_.delta_norm_position_bins), 0.0);
      s.delta_position_count.assign(size_t(options_.delta_norm_position_bins), 0);
    }
    transitions_.assign(layers.size() - 1, std::vector<int64_t>(E * E, 0));
    dominant_scratch_.resize(layers.size());
  }

  for (size_t l = 0; l < layers.size(); ++l)
    add_layer(layers_[l], layers[l], counted_frames(layers[l]), dominant_scratch_[l]);
  for (size_t l = 0; l + 1 < layers.size(); ++l)
    add_transition(l, layers[l], counted_frames(layers[l]), dominant_scratch_[l], layers[l + 1],
                   counted_frames(layers[l + 1]), dominant_scratch_[l + 1]);
  ++utterances_;
}

void RoutingStatsAccumulator::add_layer(LayerState& s, const RouterTrace& t, int64_t n,
                                        std::vector<int32_t>& dominant) {
  const int E = experts_;
  dominant.resize(size_t(n));
  ++s.utterances;
  s.frames += n;
  for (int64_t i = 0; i < n; ++i) {
    const float* p = t.probs.row(i);
    for (int e = 0; e < E; ++e) s.prob_sum[size_t(e)] += p[e];
    const int d = dominant_index(p, E);
    dominant[size_t(i)] = d;
    ++s.dominant_count[size_t(d)];
    s.entropy_sum += entropy_nats(p, E);
    const double margin = top2_margin(p, E);
    s.margin_sum += margin;
    const int bin = std::clamp(static_cast<int>(margin * options_.margin_bins), 0, options_.margin_bins - 1);
    ++s.margin_histogram[size_t(bin)];
  }

  // Persistence: runs of the dominant expert within this utterance's counted frames.
  for (int64_t i = 0; i < n;) {
    int64_t j = i + 1;
    while (j < n && dominant[size_t(j)] == dominant[size_t(i)]) ++j;
    const int64_t len = j - i;
    ++s.runs;
    s.run_frames += len;
    s.run_seconds += double(len) / t.frame_rate_hz;
    s.longest_run = std::max(s.longest_run, len);
    ++s.run_histogram[size_t(std::min<int64_t>(len, options_.run_length_bins) - 1)];
    ++s.expert_runs[size_t(dominant[size_t(i)])];
    s.expert_run_frames[size_t(dominant[size_t(i)])] += len;
    i = j;
  }

  if (!t.delta_norm.empty()) {
    const int P = options_.delta_norm_position_bins;
    for (int64_t i = 0; i < n; ++i) {
      const double v = t.delta_norm[size_t(i)];
      if (s.delta_frames == 0) {
        s.delta_min = s.delta_max = v;
      } else {
        s.delta_min = std::min(s.delta_min, v);
        s.delta_max = std::max(s.delta_max, v);
      }
      ++s.delta_frames;
      s.delta_sum += v;
      s.delta_sum_sq += v * v;
      const int pbin = std::clamp(static_cast<int>((double(i) + 0.5) / double(n) * P), 0, P - 1);
      s.delta_position_sum[size_t(pbin)] += v;
      ++s.delta_position_count[size_t(pbin)];
      const auto sbin = static_cast<size_t>((double(i) + 0.5) / t.frame_rate_hz);
      if (sbin >= s.delta_second_sum.size()) {
        s.delta_second_sum.resize(sbin + 1, 0.0);
        s.delta_second_count.resize(sbin + 1, 0);
      }
      s.delta_second_sum[sbin] += v;
      ++s.delta_second_count[sbin];
    }
  }
}

void RoutingStatsAccumulator::add_transition(size_t l, const RouterTrace& a, int64_t na,
                                             const std::vector<int32_t>& da, const RouterTrace& b, int64_t nb,
                                             const std::vector<int32_t>& db) {
  auto& counts = transitions_[l];
  const size_t E = size_t(experts_);
  if (a.frame_rate_hz >= b.frame_rate_hz) {
    const auto map = map_frames_by_centre(a.frame_rate_hz, na, b.frame_rate_hz, nb);
    for (int64_t i = 0; i < na; ++i)
      if (map[size_t(i)] >= 0) ++counts[size_t(da[size_t(i)]) * E + size_t(db[size_t(map[size_t(i)])])];
  } else {
    const auto map = map_frames_by_centre(b.frame_rate_hz, nb, a.frame_rate_hz, na);
    for (int64_t j = 0; j < nb; ++j)
      if (map[size_t(j)] >= 0) ++counts[size_t(da[size_t(map[size_t(j)])]) * E + size_t(db[size_t(j)])];
  }
}

RoutingStats RoutingStatsAccumulator::result() const {
  RoutingStats r;
  r.experts = experts_;
  r.utterances = utterances_;
  r.include_padding = options_.include_padding;
  const int E = experts_;
  const double log_e = E > 1 ? std::log(double(E)) : 0.0;
  for (size_t l = 0; l < layers_.size(); ++l) {
    const LayerState& s = layers_[l];
    LayerRoutingStats o;
    o.layer = s.layer;
    o.frame_rate_hz = s.frame_rate_hz;
    o.utterances = s.utterances;
    o.frames = s.frames;
    const double n = double(s.frames);
    o.mean_probability.assign(size_t(E), 0.0);
    o.dominant_share.assign(size_t(E), 0.0);
    if (s.frames > 0) {
      for (int e = 0; e < E; ++e) {
        o.mean_probability[size_t(e)] = s.prob_sum[size_t(e)] / n;
        o.dominant_share[size_t(e)] = double(s.dominant_count[size_t(e)]) / n;
      }
      o.mean_frame_entropy_nats = s.entropy_sum / n;
      o.entropy_of_mean_nats = entropy_nats(o.mean_probability);
      o.mean_top2_margin = s.margin_sum / n;
    }
    if (log_e > 0.0) {
      o.mean_frame_entropy_normalized = o.mean_frame_entropy_nats / log_e;
      o.entropy_of_mean_normalized = o.entropy_of_mean_nats / log_e;
    }
    o.margin_histogram = s.margin_histogram;
    o.load_cv = s.frames > 0 ? population_cv(o.mean_probability) : 0.0;
    o.dominant_share_cv = s.frames > 0 ? population_cv(o.dominant_share) : 0.0;

    o.persistence.runs = s.runs;
    o.persistence.longest_frames = s.longest_run;
    o.persistence.histogram = s.run_histogram;
    if (s.runs > 0) {
      o.persistence.mean_frames = double(s.run_frames) / double(s.runs);
      o.persistence.mean_seconds = s.run_seconds / double(s.runs);
    }
    o.expert_runs = s.expert_runs;
    o.expert_mean_run_frames.assign(size_t(E), 0.0);
    for (int e = 0; e < E; ++e)
      if (s.expert_runs[size_t(e)] > 0)
        o.expert_mean_run_frames[size_t(e)] =
            double(s.expert_run_frames[size_t(e)]) / double(s.expert_runs[size_t(e)]);

    DeltaNormStats& d = o.delta_norm;
    d.frames = s.delta_frames;
    d.mean_by_position.assign(s.delta_position_sum.size(), std::numeric_limits<double>::quiet_NaN());
    d.mean_by_second.assign(s.delta_second_sum.size(), std::numeric_limits<double>::quiet_NaN());
    if (s.delta_frames > 0) {
      const double m = s.delta_sum / double(s.delta_frames);
      d.mean = m;
      d.std = std::sqrt(std::max(0.0, s.delta_sum_sq / double(s.delta_frames) - m * m));
      d.min = s.delta_min;
      d.max = s.delta_max;
      for (size_t b = 0; b < s.delta_position_sum.size(); ++b)
        if (s.delta_position_count[b] > 0)
          d.mean_by_position[b] = s.delta_position_sum[b] / double(s.delta_position_count[b]);
      for (size_t b = 0; b < s.delta_second_sum.size(); ++b)
        if (s.delta_second_count[b] > 0)
          d.mean_by_second[b] = s.delta_second_sum[b] / double(s.delta_second_count[b]);
    }
    r.layers.push_back(std::move(o));
  }

  for (size_t l = 0; l < transitions_.size(); ++l) {
    LayerTransitionStats t;
    t.from_layer = layers_[l].layer;
    t.to_layer = layers_[l + 1].layer;
    t.counts = transitions_[l];
    t.probabilities.assign(t.counts.size(), 0.0);
    ContingencyTable table(E);
    table.ensure_columns(E);
    for (int i = 0; i < E; ++i) {
      int64_t row = 0;
      for (int j = 0; j < E; ++j) {
        const int64_t c = t.counts[size_t(i) * size_t(E) + size_t(j)];
        row += c;
        if (c > 0) table.add(i, j, double(c));
      }
      t.frames += row;
      if (row > 0)
        for (int j = 0; j < E; ++j)
          t.probabilities[size_t(i) * size_t(E) + size_t(j)] =
              double(t.counts[size_t(i) * size_t(E) + size_t(j)]) / double(row);
    }
    t.nmi = table.nmi_geometric();
    // H(next | previous) = H(next) - I(previous; next)
    t.conditional_entropy_nats = std::max(0.0, table.column_entropy_nats() - table.mutual_information_nats());
    r.transitions.push_back(std::move(t));
  }
  return r;
}

}  // namespace steerscope::analysis
