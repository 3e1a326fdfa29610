#pragma once
// The analysis results as tables (result_table.h): what `analyze`, `compare` and `intervene` print and
// write with --csv. One table per kind of row; every column named with its unit and described (the
// descriptions end up in columns.csv next to the CSV files). The JSON forms (analysis_json.h) carry the
// same numbers plus the full matrices.
//
// Table names (file stems):
//   analyze    routing_layers, expert_load, layer_transitions, specialisation_<kind>,
//              top_labels_<kind> (kind: labels, phone_classes, speakers; from the labelling's
//              description, see FrameLabelSpec::description()), text_metrics
//   compare    comparison_layers, expert_matching, transcripts
//   intervene  routing_shift, expert_load_shift, transcripts
// Layers are the encoder's 0-based layer indices (RouterTrace::layer), experts 0-based.

#include <string>
#include <vector>

#include "analysis/checkpoint_comparison.h"
#include "analysis/corpus_analysis.h"
#include "analysis/intervention_effect_accumulator.h"
#include "analysis/result_table.h"

namespace steerscope::analysis {

std::vector<ResultTable> routing_tables(const RoutingStats& stats);

// kind: the file-name part for this labelling ("labels", "phone_classes", "speakers");
// association_kind() derives it from the labelling's description.
std::vector<ResultTable> association_tables(const AssociationResult& result, const std::string& kind);
std::string association_kind(const AssociationResult& result);

ResultTable text_metrics_table(const TextMetrics& text, ErrorUnit unit);

// All of the above for one analysis, in that order.
std::vector<ResultTable> corpus_analysis_tables(const CorpusAnalysis& analysis, ErrorUnit unit);

std::vector<ResultTable> comparison_tables(const CheckpointComparison& comparison, ErrorUnit unit);

std::vector<ResultTable> intervention_tables(const InterventionEffect& effect, ErrorUnit unit);

}  // namespace steerscope::analysis
