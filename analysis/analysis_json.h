#pragma once
// JSON forms of the analysis results, for `steerscope-cli wer/analyze/compare/intervene --json` and for
// saving summaries next to a recording. Self-describing: every array says in its key what it is indexed by
// (e.g. "mean_probability_by_expert", "counts_from_to"), label names travel with the tables, and
// entropies say their unit in the key. Non-finite numbers (an error rate with an empty reference, a
// missing profile bin) are written as null.

#include <nlohmann/json.hpp>

#include "analysis/checkpoint_comparison.h"
#include "analysis/corpus_analysis.h"
#include "analysis/edit_alignment.h"
#include "analysis/expert_label_association.h"
#include "analysis/intervention_effect_accumulator.h"
#include "analysis/routing_stats_accumulator.h"

namespace steerscope::analysis {

nlohmann::json as_json(const EditCounts& counts);  // hits, substitutions, deletions, insertions, rate
nlohmann::json as_json(const std::vector<AlignedToken>& alignment);
nlohmann::json as_json(const RoutingStats& stats);
nlohmann::json as_json(const AssociationResult& result);
nlohmann::json as_json(const CheckpointComparison& comparison);
nlohmann::json as_json(const CorpusAnalysis& analysis);
nlohmann::json as_json(const InterventionEffect& effect);

}  // namespace steerscope::analysis
