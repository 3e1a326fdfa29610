#include "analysis/analysis_tables.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace steerscope::analysis {

namespace {

using Cell = ResultTable::Cell;

Cell integer(int64_t v) {
  return v;
}
Cell real(double v) {
  return v;
}
Cell text(std::string v) {
  return v;
}
Cell missing() {
  return std::monostate{};
}

const char* unit_name(ErrorUnit unit) {
  return unit == ErrorUnit::kWord ? "words" : "characters";
}
const char* rate_name(ErrorUnit unit) {
  return unit == ErrorUnit::kWord ? "WER" : "CER";
}

// The columns shared by every table of edit counts.
std::vector<TableColumn> edit_columns(ErrorUnit unit) {
  const std::string u = unit_name(unit);
  return {{"hits", u, "Reference tokens matched exactly (" + u + ")", "H"},
          {"substitutions", u, "Reference tokens replaced by another token", "S"},
          {"deletions", u, "Reference tokens missing from the hypothesis", "D"},
          {"insertions", u, "Hypothesis tokens with no reference token", "I"},
          {"reference_length", u, "S + D + H: tokens in the references", "N"},
          {"error_rate", "ratio",
           "(S + D + I) / (S + D + H), micro-averaged over utterances; inf when every reference is empty",
           rate_name(unit)}};
}

std::vector<Cell> edit_cells(const EditCounts& c) {
  return {integer(c.hits),       integer(c.substitutions),      integer(c.deletions),
          integer(c.insertions), integer(c.reference_length()), real(c.rate())};
}

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

std::vector<ResultTable> routing_tables(const RoutingStats& s) {
  std::vector<ResultTable> tables;
  ResultTable layers(
      "routing_layers",
      std::string("Routing per layer (") +
          (s.include_padding ? "all frames, padding included" : "valid frames only") +
          "; entropies / ln E, 1 = uniform)",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"frame_rate_hz", "Hz", "Frames per second at this layer's output", "rate_Hz"},
       {"utterances", "count", "Utterances with this layer", ""},
       {"frames", "frames", "Frames counted (valid frames unless padding is included)", "frames"},
       {"mean_frame_entropy_nats", "nats", "Mean over frames of the router distribution's entropy", ""},
       {"mean_frame_entropy_normalized", "ratio", "mean_frame_entropy_nats / ln E (0 = always decided)",
        "H_frame"},
       {"entropy_of_mean_nats", "nats",
        "Entropy of the mean router distribution (the reference's expert_diversity)", ""},
       {"entropy_of_mean_normalized", "ratio", "entropy_of_mean_nats / ln E (1 = load spread evenly)",
        "H_mean"},
       {"mean_top2_margin", "probability", "Mean of top-1 minus top-2 probability per frame", "margin"},
       {"load_cv", "ratio",
        "Coefficient of variation (population std / mean) of the mean probability across experts", "load_CV"},
       {"dominant_share_cv", "ratio", "Coefficient of variation of the dominant shares across experts",
        "dom_CV"},
       {"runs", "count", "Runs of consecutive frames with the same dominant expert, within utterances",
        "runs"},
       {"mean_run_frames", "frames", "Mean run length", "run_frames"},
       {"mean_run_seconds", "s", "Mean run length in seconds", "run_s"},
       {"longest_run_frames", "frames", "Longest run", "longest"},
       {"delta_norm_frames", "frames", "Frames with a recorded steering delta norm (0: none recorded)", ""},
       {"delta_norm_mean", "encoder units", "Mean L2 norm of the steering delta scale * probs . V",
        "|delta|"},
       {"delta_norm_std", "encoder units", "Population standard deviation of the delta norm", ""},
       {"delta_norm_min", "encoder units", "Smallest delta norm", ""},
       {"delta_norm_max", "encoder units", "Largest delta norm", ""}});
  for (const auto& l : s.layers) {
    const bool delta = l.delta_norm.frames > 0;
    auto d = [&](double v) { return delta ? real(v) : missing(); };
    layers.add_row({integer(l.layer),
                    real(l.frame_rate_hz),
                    integer(l.utterances),
                    integer(l.frames),
                    real(l.mean_frame_entropy_nats),
                    real(l.mean_frame_entropy_normalized),
                    real(l.entropy_of_mean_nats),
                    real(l.entropy_of_mean_normalized),
                    real(l.mean_top2_margin),
                    real(l.load_cv),
                    real(l.dominant_share_cv),
                    integer(l.persistence.runs),
                    real(l.persistence.mean_frames),
                    real(l.persistence.mean_seconds),
                    integer(l.persistence.longest_frames),
                    integer(l.delta_norm.frames),
                    d(l.delta_norm.mean),
                    d(l.delta_norm.std),
                    d(l.delta_norm.min),
                    d(l.delta_norm.max)});
  }
  tables.push_back(std::move(layers));

  ResultTable load(
      "expert_load", "Expert load (mean router probability; share of frames where it dominates)",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"expert", "", "Expert, 0-based", "expert"},
       {"mean_probability", "probability", "Mean router probability of the expert over frames", "mean_p"},
       {"dominant_share", "ratio", "Share of frames where the expert has the highest probability",
        "dominant"},
       {"runs", "count", "Runs of frames on which the expert dominates", "runs"},
       {"mean_run_frames", "frames", "Mean length of those runs (0 if none)", "run_frames"}});
  for (const auto& l : s.layers)
    for (size_t e = 0; e < l.mean_probability.size(); ++e)
      load.add_row({integer(l.layer), integer(int64_t(e)), real(l.mean_probability[e]),
                    real(l.dominant_share[e]), integer(l.expert_runs[e]), real(l.expert_mean_run_frames[e])});
  tables.push_back(std::move(load));

  ResultTable transitions("layer_transitions",
                          "Dominant expert from one layer to the next (frames paired by time)",
                          {{"from_layer", "", "Earlier layer", "from"},
                           {"to_layer", "", "Next layer", "to"},
                           {"frames", "frames", "Paired frames", "frames"},
                           {"nmi", "ratio", "Geometric NMI between the two layers' dominant experts", "NMI"},
                           {"conditional_entropy_nats", "nats",
                            "H(dominant at to_layer | dominant at from_layer)", "H(to|from)"}});
  for (const auto& t : s.transitions)
    transitions.add_row({integer(t.from_layer), integer(t.to_layer), integer(t.frames), real(t.nmi),
                         real(t.conditional_entropy_nats)});
  tables.push_back(std::move(transitions));
  return tables;
}

std::string association_kind(const AssociationResult& r) {
  const std::string prefix = r.labelling.substr(0, r.labelling.find(':'));
  if (prefix == "label") return "labels";
  if (prefix == "phone_class") return "phone_classes";
  if (prefix == "speaker") return "speakers";
  std::string kind;
  for (char c : prefix) kind += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return kind;
}

std::vector<ResultTable> association_tables(const AssociationResult& r, const std::string& kind) {
  std::vector<ResultTable> tables;
  ResultTable spec(
      "specialisation_" + kind,
      "Specialisation: " + r.labelling + " (" + std::to_string(r.labels.size()) +
          " labels; hard = dominant expert; NMI geometric; z, p: permutation test of the hard NMI)",
      {{"labelling", "", "What the frames are labelled with (kind:tier)", ""},
       {"layer", "", "Encoder layer, 0-based", "layer"},
       {"labelled_frames", "frames", "Counted frames that carry a label", "frames"},
       {"labels", "count", "Distinct labels seen in the corpus", ""},
       {"nmi", "ratio", "Geometric NMI I/sqrt(H(E)H(L)) of the dominant-expert x label table", "NMI"},
       {"nmi_arithmetic", "ratio", "Arithmetic NMI 2I/(H(E)+H(L)) of the same table", ""},
       {"mutual_information_nats", "nats", "Mutual information of the dominant-expert x label table", "MI"},
       {"expert_entropy_nats", "nats", "H(dominant expert) over labelled frames", ""},
       {"label_entropy_nats", "nats", "H(label) over labelled frames", ""},
       {"purity", "ratio", "Share of frames whose label is the majority label of their dominant expert",
        "purity"},
       {"soft_nmi", "ratio", "Geometric NMI of the table of summed router probabilities", "soft_NMI"},
       {"soft_purity", "ratio", "Purity of the soft table", ""},
       {"permutations", "count", "Permutations in the test (missing: no test)", ""},
       {"tested_utterances", "count", "Utterances the test ran on (a uniform subset if subsampled)", ""},
       {"subsampled", "", "1 if the test ran on a subset of the utterances", ""},
       {"null_nmi_mean", "ratio",
        "Mean NMI under the null (labels rotated within utterances, or shuffled "
        "between utterances for one label per utterance)",
        "null_NMI"},
       {"null_nmi_std", "ratio", "Standard deviation of the NMI under the null", ""},
       {"z_score", "", "(observed NMI - null mean) / null std", "z"},
       {"p_value", "probability", "(1 + permutations with NMI >= observed) / (1 + permutations)", "p"}});
  for (const auto& l : r.layers) {
    const auto& h = l.hard_summary;
    std::vector<Cell> row = {text(r.labelling),
                             integer(l.layer),
                             integer(l.frames),
                             integer(int64_t(r.labels.size())),
                             real(h.nmi),
                             real(h.nmi_arithmetic),
                             real(h.mutual_information_nats),
                             real(h.expert_entropy_nats),
                             real(h.label_entropy_nats),
                             real(h.purity),
                             real(l.soft_summary.nmi),
                             real(l.soft_summary.purity)};
    if (l.permutation_test) {
      const auto& t = *l.permutation_test;
      for (Cell c : {integer(t.permutations), integer(t.utterances), integer(t.subsampled ? 1 : 0),
                     real(t.null_mean), real(t.null_std), real(t.z_score), real(t.p_value)})
        row.push_back(std::move(c));
    } else {
      for (int k = 0; k < 7; ++k) row.push_back(missing());
    }
    spec.add_row(std::move(row));
  }
  tables.push_back(std::move(spec));

  std::vector<TableColumn> top_columns = {
      {"labelling", "", "What the frames are labelled with (kind:tier)", ""},
      {"layer", "", "Encoder layer, 0-based", "layer"},
      {"expert", "", "Expert, 0-based", "expert"},
      {"rank", "", "1 = the label most frequent on the expert's frames", ""},
      {"label", "", "Label", ""},
      {"frames", "frames", "Labelled frames on which the expert dominates and the label holds", ""},
      {"share", "probability", "P(label | expert dominates)", ""},
      {"lift", "ratio", "P(label | expert) / P(label): >1 means over-represented on the expert", ""}};
  ResultTable top("top_labels_" + kind, "Top labels by expert: " + r.labelling, top_columns,
                  TableUse::kFileOnly);
  ResultTable top_text("top_labels_" + kind + "_text",
                       "Top labels by expert: " + r.labelling + " (label share xlift)",
                       {{"layer", "", "", "layer"},
                        {"expert", "", "", "expert"},
                        {"frames", "frames", "", "frames"},
                        {"top_labels", "", "", "top labels"}},
                       TableUse::kTextOnly);
  for (const auto& l : r.layers) {
    const auto& h = l.hard_summary;
    for (size_t e = 0; e < h.top_labels.size(); ++e) {
      std::string line;
      int rank = 0;
      for (const auto& ls : h.top_labels[e]) {
        const std::string& name = r.labels.at(size_t(ls.label));
        top.add_row({text(r.labelling), integer(l.layer), integer(int64_t(e)), integer(++rank), text(name),
                     real(ls.count), real(ls.share), real(ls.lift)});
        line += (line.empty() ? "" : ", ") + name + " " + fixed(ls.share, 2) + " x" + fixed(ls.lift, 2);
      }
      const double frames = e < h.expert_totals.size() ? h.expert_totals[e] : 0.0;
      top_text.add_row({integer(l.layer), integer(int64_t(e)), integer(int64_t(std::llround(frames))),
                        text(line.empty() ? "-" : line)});
    }
  }
  tables.push_back(std::move(top));
  tables.push_back(std::move(top_text));
  return tables;
}

ResultTable text_metrics_table(const TextMetrics& t, ErrorUnit unit) {
  std::vector<TableColumn> columns = {
      {"utterances", "count", "Utterances with both decoder output and a reference text", "utterances"}};
  for (auto& c : edit_columns(unit)) columns.push_back(std::move(c));
  columns.push_back({"qa_correct", "count",
                     "Outputs counted correct by the reference's Clotho-AQA rule (either string contains the "
                     "other after strip)",
                     "qa_correct"});
  columns.push_back({"qa_accuracy", "ratio", "qa_correct / utterances", "qa_acc"});
  ResultTable table("text_metrics",
                    std::string("Decoder output against the reference text (") + rate_name(unit) + ")",
                    std::move(columns));
  std::vector<Cell> row = {integer(t.utterances)};
  for (auto& c : edit_cells(t.errors)) row.push_back(std::move(c));
  row.push_back(integer(t.qa_correct));
  row.push_back(t.utterances > 0 ? real(t.qa_accuracy) : missing());
  if (t.utterances == 0) row[row.size() - 3] = missing();  // no error rate without pairs
  table.add_row(std::move(row));
  return table;
}

std::vector<ResultTable> corpus_analysis_tables(const CorpusAnalysis& a, ErrorUnit unit) {
  std::vector<ResultTable> tables = routing_tables(a.routing);
  for (const auto& r : a.associations)
    for (auto& t : association_tables(r, association_kind(r))) tables.push_back(std::move(t));
  tables.push_back(text_metrics_table(a.text, unit));
  return tables;
}

std::vector<ResultTable> comparison_tables(const CheckpointComparison& c, ErrorUnit unit) {
  std::vector<ResultTable> tables;
  ResultTable layers(
      "comparison_layers",
      "Routing of B against A per layer (JS divergence in bits, mean over frames; before and after matching "
      "B's experts to A's)",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"frames", "frames", "Frames compared (paired by time, valid in both)", "frames"},
       {"js_bits", "bits", "Mean JS divergence between A's and B's router distributions, experts as indexed",
        "JS"},
       {"js_bits_steering_matched", "bits", "The same after the steering-vector matching", "JS_steer"},
       {"js_bits_cooccurrence_matched", "bits",
        "The same after the routing co-occurrence matching (second pass)", "JS_cooc"},
       {"dominant_agreement", "ratio", "Share of frames with the same dominant expert, as indexed", "agree"},
       {"dominant_agreement_steering_matched", "ratio", "The same under the steering-vector matching", ""},
       {"dominant_agreement_cooccurrence_matched", "ratio", "The same under the co-occurrence matching",
        "agree_cooc"},
       {"matchings_agree", "", "1 if the steering and co-occurrence matchings are the same permutation",
        "same_match"},
       {"steering_matched_mean_cosine", "cosine", "Mean cosine of matched steering vectors", "cos_matched"},
       {"steering_identity_mean_cosine", "cosine", "Mean cosine of steering vectors i <-> i", "cos_ident"},
       {"layer_scale_a", "", "A's layer scale", "scale_A"},
       {"layer_scale_b", "", "B's layer scale", "scale_B"},
       {"layer_scale_difference", "", "layer_scale_b - layer_scale_a", "d_scale"},
       {"mean_norm_a", "encoder units", "Mean L2 norm of A's steering vectors", "norm_A"},
       {"mean_norm_b", "encoder units", "Mean L2 norm of B's steering vectors", "norm_B"},
       {"steering_strength_a", "encoder units", "|layer_scale_a| * mean_norm_a", ""},
       {"steering_strength_b", "encoder units", "|layer_scale_b| * mean_norm_b", ""}});
  for (const auto& l : c.layers) {
    std::vector<Cell> row = {integer(l.layer),
                             integer(l.frames),
                             real(l.js_bits),
                             optional_cell(l.js_bits_steering_matched),
                             optional_cell(l.js_bits_cooccurrence_matched),
                             real(l.dominant_agreement),
                             optional_cell(l.dominant_agreement_steering_matched),
                             optional_cell(l.dominant_agreement_cooccurrence_matched),
                             l.matchings_agree ? integer(*l.matchings_agree ? 1 : 0) : missing()};
    if (l.steering) {
      const auto& s = *l.steering;
      for (Cell cell : {real(s.matched_mean_cosine), real(s.identity_mean_cosine), real(s.layer_scale_a),
                        real(s.layer_scale_b), real(s.layer_scale_b - s.layer_scale_a), real(s.mean_norm_a),
                        real(s.mean_norm_b), real(s.steering_strength_a), real(s.steering_strength_b)})
        row.push_back(std::move(cell));
    } else {
      for (int k = 0; k < 9; ++k) row.push_back(missing());
    }
    layers.add_row(std::move(row));
  }
  tables.push_back(std::move(layers));

  const int E = c.experts;
  ResultTable matching(
      "expert_matching", "Expert matchings: A's expert -> B's expert (Hungarian)",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"expert_a", "", "A's expert, 0-based", "A"},
       {"steering_match_b", "", "B's expert matched by steering-vector cosine (missing: no constants)",
        "B_steer"},
       {"steering_cosine", "cosine", "Cosine of the two matched steering vectors", "cos"},
       {"cooccurrence_match_b", "", "B's expert matched by routing co-occurrence", "B_cooc"},
       {"cooccurrence_probability", "probability",
        "P(B's matched expert | A's expert i) from the soft co-occurrence: C[i][m(i)] / sum_j C[i][j]",
        "P(B|A)"},
       {"norm_a", "encoder units", "||V_a[layer, expert_a]||", "norm_A"},
       {"norm_b_matched", "encoder units", "||V_b[layer, steering_match_b]||", "norm_B"},
       {"norm_difference", "encoder units", "norm_b_matched - norm_a", "d_norm"}});
  for (const auto& l : c.layers) {
    for (int i = 0; i < E; ++i) {
      std::vector<Cell> row = {integer(l.layer), integer(i)};
      if (l.steering) {
        const auto& s = *l.steering;
        const int j = s.matching[size_t(i)];
        row.push_back(integer(j));
        row.push_back(real(s.cosine[size_t(i) * size_t(E) + size_t(j)]));
      } else {
        row.push_back(missing());
        row.push_back(missing());
      }
      if (size_t(i) < l.cooccurrence_matching.size()) {
        const int j = l.cooccurrence_matching[size_t(i)];
        double row_sum = 0.0;
        for (int k = 0; k < E; ++k) row_sum += l.cooccurrence[size_t(i) * size_t(E) + size_t(k)];
        row.push_back(integer(j));
        row.push_back(row_sum > 0.0 ? real(l.cooccurrence[size_t(i) * size_t(E) + size_t(j)] / row_sum)
                                    : missing());
      } else {
        row.push_back(missing());
        row.push_back(missing());
      }
      if (l.steering) {
        const auto& s = *l.steering;
        const double na = s.norm_a[size_t(i)];
        row.push_back(real(na));
        row.push_back(real(na + s.matched_norm_difference[size_t(i)]));
        row.push_back(real(s.matched_norm_difference[size_t(i)]));
      } else {
        for (int k = 0; k < 3; ++k) row.push_back(missing());
      }
      matching.add_row(std::move(row));
    }
  }
  tables.push_back(std::move(matching));

  std::vector<TableColumn> columns = {
      {"comparison", "",
       "b_against_a: A's output as reference; a_/b_against_reference: against the reference text",
       "comparison"},
      {"utterances", "count", "Utterances compared", "utterances"},
      {"identical", "count", "Utterances whose two texts are byte-identical (b_against_a only)",
       "identical"}};
  for (auto& col : edit_columns(unit)) columns.push_back(std::move(col));
  ResultTable transcripts("transcripts", std::string("Transcripts (") + rate_name(unit) + ")",
                          std::move(columns));
  const auto& t = c.transcripts;
  auto add = [&](const char* name, int64_t n, Cell identical, const EditCounts& counts) {
    std::vector<Cell> row = {text(name), integer(n), std::move(identical)};
    for (auto& cell : edit_cells(counts)) row.push_back(std::move(cell));
    if (n == 0) row.back() = missing();
    transcripts.add_row(std::move(row));
  };
  add("b_against_a", t.utterances, integer(t.identical), t.b_against_a);
  add("a_against_reference", t.with_reference, missing(), t.a_against_reference);
  add("b_against_reference", t.with_reference, missing(), t.b_against_reference);
  tables.push_back(std::move(transcripts));
  return tables;
}

std::vector<ResultTable> intervention_tables(const InterventionEffect& effect, ErrorUnit unit) {
  std::vector<ResultTable> tables;
  ResultTable shift(
      "routing_shift", "Routing shift per layer (intervened run against the original)",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"frames", "frames", "Frames compared (paired by time, valid in both)", "frames"},
       {"js_bits", "bits", "Mean JS divergence between the original and intervened router distributions",
        "JS"},
       {"dominant_agreement", "ratio", "Share of frames whose dominant expert did not change", "agree"},
       {"load_total_variation", "probability",
        "Half the L1 distance between the mean router distributions (expert load) before and after",
        "TV_load"},
       {"max_load_change", "probability", "Largest |change| of one expert's mean probability", "max_d_load"},
       {"mean_frame_entropy_original_nats", "nats", "Mean per-frame router entropy, original", "H_orig"},
       {"mean_frame_entropy_intervened_nats", "nats", "Mean per-frame router entropy, intervened", "H_new"}});
  for (const auto& l : effect.layers) {
    double max_change = 0.0;
    for (size_t e = 0; e < l.mean_probability_original.size() && e < l.mean_probability_intervened.size();
         ++e)
      max_change =
          std::max(max_change, std::abs(l.mean_probability_intervened[e] - l.mean_probability_original[e]));
    shift.add_row({integer(l.layer), integer(l.frames), real(l.js_bits), real(l.dominant_agreement),
                   real(l.load_total_variation), real(max_change), real(l.mean_frame_entropy_original_nats),
                   real(l.mean_frame_entropy_intervened_nats)});
  }
  tables.push_back(std::move(shift));

  ResultTable load(
      "expert_load_shift", "Expert load before and after the intervention",
      {{"layer", "", "Encoder layer, 0-based", "layer"},
       {"expert", "", "Expert, 0-based", "expert"},
       {"mean_probability_original", "probability", "Mean router probability, original", "p_orig"},
       {"mean_probability_intervened", "probability", "Mean router probability, intervened", "p_new"},
       {"mean_probability_change", "probability", "intervened - original", "d_p"},
       {"dominant_share_original", "ratio", "Share of frames the expert dominates, original", "dom_orig"},
       {"dominant_share_intervened", "ratio", "Share of frames the expert dominates, intervened", "dom_new"},
       {"dominant_share_change", "ratio", "intervened - original", "d_dom"}});
  for (const auto& l : effect.layers) {
    const size_t E = std::min(l.mean_probability_original.size(), l.mean_probability_intervened.size());
    for (size_t e = 0; e < E; ++e)
      load.add_row({integer(l.layer), integer(int64_t(e)), real(l.mean_probability_original[e]),
                    real(l.mean_probability_intervened[e]),
                    real(l.mean_probability_intervened[e] - l.mean_probability_original[e]),
                    real(l.dominant_share_original[e]), real(l.dominant_share_intervened[e]),
                    real(l.dominant_share_intervened[e] - l.dominant_share_original[e])});
  }
  tables.push_back(std::move(load));

  std::vector<TableColumn> columns = {
      {"comparison", "",
       "text_against_original / tokens_against_original: the intervened output with the original as "
       "reference "
       "(tokens: generated ids, one token each); *_against_reference: against the reference text",
       "comparison"},
      {"utterances", "count", "Utterances compared", "utterances"},
      {"identical", "count", "Utterances whose output did not change (text, or token ids)", "identical"}};
  for (auto& col : edit_columns(unit)) columns.push_back(std::move(col));
  columns[3].unit = columns[4].unit = columns[5].unit = columns[6].unit = columns[7].unit =
      std::string(unit_name(unit)) + " (token ids for tokens_against_original)";
  ResultTable transcripts("transcripts",
                          std::string("Transcripts (") + rate_name(unit) + "; tokens: generated ids)",
                          std::move(columns));
  const auto& t = effect.transcripts;
  auto add = [&](const char* name, int64_t n, Cell identical, const EditCounts& counts) {
    std::vector<Cell> row = {text(name), integer(n), std::move(identical)};
    for (auto& cell : edit_cells(counts)) row.push_back(std::move(cell));
    if (n == 0) row.back() = missing();
    transcripts.add_row(std::move(row));
  };
  add("text_against_original", t.utterances, integer(t.identical_text), t.text_against_original);
  add("tokens_against_original", t.utterances, integer(t.identical_tokens), t.tokens_against_original);
  add("original_against_reference", t.with_reference, missing(), t.original_against_reference);
  add("intervened_against_reference", t.with_reference, missing(), t.intervened_against_reference);
  tables.push_back(std::move(transcripts));
  return tables;
}

}  // namespace steerscope::analysis
