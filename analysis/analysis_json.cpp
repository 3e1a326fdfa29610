#include "analysis/analysis_json.h"

#include <cmath>
#include <type_traits>

namespace steerscope::analysis {

namespace {

using nlohmann::json;

json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json numbers(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(number(x));
  return a;
}

// A flat row-major [rows * cols] vector as nested rows.
template <typename T>
json matrix(const std::vector<T>& v, int rows, int cols) {
  json m = json::array();
  for (int r = 0; r < rows; ++r) {
    json row = json::array();
    for (int c = 0; c < cols; ++c) {
      if constexpr (std::is_floating_point_v<T>) {
        row.push_back(number(double(v[size_t(r) * size_t(cols) + size_t(c)])));
      } else {
        row.push_back(v[size_t(r) * size_t(cols) + size_t(c)]);
      }
    }
    m.push_back(std::move(row));
  }
  return m;
}

json table_json(const ContingencyTable& t) {
  json m = json::array();
  for (int e = 0; e < t.rows(); ++e) {
    json row = json::array();
    for (int l = 0; l < t.columns(); ++l) row.push_back(number(t.at(e, l)));
    m.push_back(std::move(row));
  }
  return m;
}

json summary_json(const ContingencySummary& s, const std::vector<std::string>& labels) {
  json j;
  j["frames"] = number(s.total);
  j["expert_entropy_nats"] = number(s.expert_entropy_nats);
  j["label_entropy_nats"] = number(s.label_entropy_nats);
  j["mutual_information_nats"] = number(s.mutual_information_nats);
  j["nmi_geometric"] = number(s.nmi);
  j["nmi_arithmetic"] = number(s.nmi_arithmetic);
  j["purity"] = number(s.purity);
  json top = json::array();
  for (const auto& expert : s.top_labels) {
    json list = json::array();
    for (const auto& ls : expert)
      list.push_back({{"label", labels.at(size_t(ls.label))},
                      {"frames", number(ls.count)},
                      {"share", number(ls.share)},
                      {"lift", number(ls.lift)}});
    top.push_back(std::move(list));
  }
  j["top_labels_by_expert"] = std::move(top);
  json dist = json::object();
  for (size_t l = 0; l < s.expert_distribution.size(); ++l)
    dist[labels.at(l)] = numbers(s.expert_distribution[l]);
  j["expert_distribution_by_label"] = std::move(dist);
  return j;
}

}  // namespace

json as_json(const EditCounts& c) {
  return {{"hits", c.hits},           {"substitutions", c.substitutions},
          {"deletions", c.deletions}, {"insertions", c.insertions},
          {"errors", c.errors()},     {"reference_length", c.reference_length()},
          {"rate", number(c.rate())}};
}

json as_json(const std::vector<AlignedToken>& alignment) {
  json a = json::array();
  for (const auto& t : alignment)
    a.push_back(
        {{"ref", t.reference}, {"hyp", t.hypothesis}, {"op", std::string(1, static_cast<char>(t.op))}});
  return a;
}

json as_json(const RoutingStats& s) {
  json j;
  j["experts"] = s.experts;
  j["utterances"] = s.utterances;
  j["include_padding"] = s.include_padding;
  json layers = json::array();
  for (const auto& l : s.layers) {
    json o;
    o["layer"] = l.layer;
    o["frame_rate_hz"] = l.frame_rate_hz;
    o["utterances"] = l.utterances;
    o["frames"] = l.frames;
    o["mean_probability_by_expert"] = numbers(l.mean_probability);
    o["dominant_share_by_expert"] = numbers(l.dominant_share);
    o["mean_frame_entropy_nats"] = number(l.mean_frame_entropy_nats);
    o["entropy_of_mean_nats"] = number(l.entropy_of_mean_nats);
    o["mean_frame_entropy_normalized"] = number(l.mean_frame_entropy_normalized);
    o["entropy_of_mean_normalized"] = number(l.entropy_of_mean_normalized);
    o["mean_top2_margin"] = number(l.mean_top2_margin);
    o["top2_margin_histogram_equal_bins_0_to_1"] = l.margin_histogram;
    o["load_cv"] = number(l.load_cv);
    o["dominant_share_cv"] = number(l.dominant_share_cv);
    o["persistence"] = {{"runs", l.persistence.runs},
                        {"mean_frames", number(l.persistence.mean_frames)},
                        {"mean_seconds", number(l.persistence.mean_seconds)},
                        {"longest_frames", l.persistence.longest_frames},
                        {"histogram_by_run_length_last_bin_open", l.persistence.histogram},
                        {"runs_by_expert", l.expert_runs},
                        {"mean_run_frames_by_expert", numbers(l.expert_mean_run_frames)}};
    const auto& d = l.delta_norm;
    o["steering_delta_norm"] = {{"frames", d.frames},
                                {"mean", number(d.mean)},
                                {"std", number(d.std)},
                                {"min", number(d.min)},
                                {"max", number(d.max)},
                                {"mean_by_relative_position", numbers(d.mean_by_position)},
                                {"mean_by_second", numbers(d.mean_by_second)}};
    layers.push_back(std::move(o));
  }
  j["layers"] = std::move(layers);
  json transitions = json::array();
  for (const auto& t : s.transitions) {
    transitions.push_back({{"from_layer", t.from_layer},
                           {"to_layer", t.to_layer},
                           {"frames", t.frames},
                           {"counts_from_to", matrix(t.counts, s.experts, s.experts)},
                           {"probability_to_given_from", matrix(t.probabilities, s.experts, s.experts)},
                           {"nmi_geometric", number(t.nmi)},
                           {"conditional_entropy_nats", number(t.conditional_entropy_nats)}});
  }
  j["transitions"] = std::move(transitions);
  return j;
}

json as_json(const AssociationResult& r) {
  json j;
  j["labelling"] = r.labelling;
  j["labels"] = r.labels;
  j["experts"] = r.experts;
  j["utterances"] = r.utterances;
  j["utterances_without_labels"] = r.utterances_without_labels;
  j["unlabelled_frames_layer0"] = r.unlabelled_frames;
  json layers = json::array();
  for (const auto& l : r.layers) {
    json o;
    o["layer"] = l.layer;
    o["frame_rate_hz"] = l.frame_rate_hz;
    o["frames"] = l.frames;
    o["hard"] = summary_json(l.hard_summary, r.labels);
    o["hard"]["table_expert_by_label"] = table_json(l.hard);
    o["soft"] = summary_json(l.soft_summary, r.labels);
    o["soft"]["table_expert_by_label"] = table_json(l.soft);
    if (l.permutation_test) {
      const auto& t = *l.permutation_test;
      o["permutation_test"] = {{"statistic", "nmi_geometric of the hard table"},
                               {"scheme", permutation_scheme_name(t.scheme)},
                               {"permutations", t.permutations},
                               {"utterances", t.utterances},
                               {"frames", t.frames},
                               {"subsampled", t.subsampled},
                               {"observed", number(t.observed_nmi)},
                               {"null_mean", number(t.null_mean)},
                               {"null_std", number(t.null_std)},
                               {"z_score", number(t.z_score)},
                               {"p_value", number(t.p_value)}};
    }
    layers.push_back(std::move(o));
  }
  j["layers"] = std::move(layers);
  return j;
}

json as_json(const CheckpointComparison& c) {
  json j;
  j["experts"] = c.experts;
  j["utterances"] = c.utterances;
  j["second_pass"] = c.second_pass;
  json layers = json::array();
  const int E = c.experts;
  for (const auto& l : c.layers) {
    json o;
    o["layer"] = l.layer;
    o["frames"] = l.frames;
    o["js_divergence_bits"] = number(l.js_bits);
    o["cooccurrence_matching_a_to_b"] = l.cooccurrence_matching;
    if (l.js_bits_cooccurrence_matched)
      o["js_divergence_bits_cooccurrence_matched"] = number(*l.js_bits_cooccurrence_matched);
    o["dominant_agreement"] = number(l.dominant_agreement);
    if (l.dominant_agreement_cooccurrence_matched)
      o["dominant_agreement_cooccurrence_matched"] = number(*l.dominant_agreement_cooccurrence_matched);
    o["cooccurrence_a_by_b"] = matrix(l.cooccurrence, E, E);
    o["dominant_cooccurrence_a_by_b"] = matrix(l.dominant_cooccurrence, E, E);
    if (l.steering) {
      const auto& s = *l.steering;
      o["steering"] = {{"cosine_a_by_b", matrix(s.cosine, E, E)},
                       {"matching_a_to_b", s.matching},
                       {"matched_mean_cosine", number(s.matched_mean_cosine)},
                       {"identity_mean_cosine", number(s.identity_mean_cosine)},
                       {"layer_scale_a", number(s.layer_scale_a)},
                       {"layer_scale_b", number(s.layer_scale_b)},
                       {"layer_scale_difference_b_minus_a", number(s.layer_scale_b - s.layer_scale_a)},
                       {"norm_by_expert_a", numbers(s.norm_a)},
                       {"norm_by_expert_b", numbers(s.norm_b)},
                       {"matched_norm_difference_b_minus_a", numbers(s.matched_norm_difference)},
                       {"mean_norm_a", number(s.mean_norm_a)},
                       {"mean_norm_b", number(s.mean_norm_b)},
                       {"steering_strength_a", number(s.steering_strength_a)},
                       {"steering_strength_b", number(s.steering_strength_b)}};
      if (l.js_bits_steering_matched)
        o["js_divergence_bits_steering_matched"] = number(*l.js_bits_steering_matched);
      if (l.dominant_agreement_steering_matched)
        o["dominant_agreement_steering_matched"] = number(*l.dominant_agreement_steering_matched);
      if (l.matchings_agree) o["matchings_agree"] = *l.matchings_agree;
    }
    layers.push_back(std::move(o));
  }
  j["layers"] = std::move(layers);
  const auto& t = c.transcripts;
  j["transcripts"] = {{"utterances", t.utterances},
                      {"identical", t.identical},
                      {"b_against_a", as_json(t.b_against_a)},
                      {"with_reference", t.with_reference},
                      {"a_against_reference", as_json(t.a_against_reference)},
                      {"b_against_reference", as_json(t.b_against_reference)}};
  return j;
}

json as_json(const CorpusAnalysis& a) {
  json j;
  j["utterances"] = a.utterances;
  j["routing"] = as_json(a.routing);
  json assoc = json::array();
  for (const auto& r : a.associations) assoc.push_back(as_json(r));
  j["associations"] = std::move(assoc);
  j["text"] = {{"utterances", a.text.utterances},
               {"errors", as_json(a.text.errors)},
               {"qa_correct", a.text.qa_correct},
               {"qa_accuracy", number(a.text.qa_accuracy)}};
  return j;
}

json as_json(const InterventionEffect& e) {
  json j;
  j["experts"] = e.experts;
  j["utterances"] = e.utterances;
  json layers = json::array();
  for (const auto& l : e.layers) {
    layers.push_back({{"layer", l.layer},
                      {"frames", l.frames},
                      {"js_divergence_bits", number(l.js_bits)},
                      {"dominant_agreement", number(l.dominant_agreement)},
                      {"load_total_variation", number(l.load_total_variation)},
                      {"mean_probability_by_expert_original", numbers(l.mean_probability_original)},
                      {"mean_probability_by_expert_intervened", numbers(l.mean_probability_intervened)},
                      {"dominant_share_by_expert_original", numbers(l.dominant_share_original)},
                      {"dominant_share_by_expert_intervened", numbers(l.dominant_share_intervened)},
                      {"mean_frame_entropy_original_nats", number(l.mean_frame_entropy_original_nats)},
                      {"mean_frame_entropy_intervened_nats", number(l.mean_frame_entropy_intervened_nats)}});
  }
  j["layers"] = std::move(layers);
  const auto& t = e.transcripts;
  j["transcripts"] = {{"utterances", t.utterances},
                      {"identical_text", t.identical_text},
                      {"identical_tokens", t.identical_tokens},
                      {"text_against_original", as_json(t.text_against_original)},
                      {"tokens_against_original", as_json(t.tokens_against_original)},
                      {"with_reference", t.with_reference},
                      {"original_against_reference", as_json(t.original_against_reference)},
                      {"intervened_against_reference", as_json(t.intervened_against_reference)}};
  return j;
}

}  // namespace steerscope::analysis
