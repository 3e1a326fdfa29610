// steerscope-cli compare: how two checkpoints differ on the same audio, from two recordings of it
// (utterances matched by id; analysis/recording_pair_source.h streams the pairs one at a time). Per layer
// the JS divergence of the router distributions as indexed and after matching B's experts to A's, the two
// Hungarian matchings (steering-vector cosine, routing co-occurrence), layer-scale and steering-norm
// differences; and the transcripts of B against A's and of each against the reference text
// (analysis/checkpoint_comparison.h). Tables on stdout, or JSON; --csv writes one CSV per table.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/analysis_json.h"
#include "analysis/analysis_tables.h"
#include "analysis/checkpoint_comparison.h"
#include "analysis/recording_pair_source.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/io/recording_reader.h"
#include "core/util/error.h"

namespace steerscope::cli {

namespace {

std::string id_list(const std::vector<std::string>& ids, size_t total) {
  std::string s;
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + ids[i];
  if (total > ids.size()) s += ", ... (" + std::to_string(total - ids.size()) + " more)";
  return s;
}

// The steering constants of a recording, or null when it stores none to compare (no vectors).
const ModelConstants* steering_constants(const RecordingReader& r) {
  const ModelConstants& c = r.model_constants();
  return c.dim > 0 && !c.steering_vectors.empty() ? &c : nullptr;
}

int run_compare(int argc, char** argv) {
  ArgParser args(
      "compare",
      "How two checkpoints differ on the same audio, from two recordings of it (utterances matched by "
      "id): per layer the JS divergence of the routers before and after matching experts, the "
      "Hungarian matchings on steering-vector cosine and on routing co-occurrence, layer-scale and "
      "steering-norm differences, and the WER of B's transcripts against A's and of each against "
      "the reference text.");
  args.add_positional("a", "Recording A");
  args.add_positional("b", "Recording B (same audio, another checkpoint)");
  args.add_option("utterances", "N", "Compare only the first N paired utterances");
  args.add_flag("include-padding", "Compare the frames that only see padding too");
  args.add_flag("cer", "Character error rate instead of word error rate");
  args.add_flag("normalize", "English normalisation of the transcripts before scoring");
  args.add_option("csv", "DIR",
                  "Write one CSV file per table, and columns.csv describing the columns, to DIR");
  args.add_flag("json", "Print one JSON object instead of tables");
  if (!args.parse(argc, argv)) return 0;

  const std::string path_a = args.get("a"), path_b = args.get("b");
  RecordingReader a(path_a), b(path_b);
  analysis::RecordingSourceOptions source_options;
  if (args.has("utterances")) {
    const int64_t n = args.get_int("utterances");
    if (n <= 0) throw UsageError("--utterances expects a positive number");
    source_options.limit = size_t(n);
  }
  analysis::RecordingPairSource pairs(a, b, source_options);
  if (pairs.pairs() == 0)
    throw Error(path_a + " and " + path_b +
                " have no utterance id in common; compare needs recordings of the "
                "same audio");
  if (a.model_constants().experts != b.model_constants().experts ||
      a.model_constants().layers != b.model_constants().layers)
    throw Error(path_a + " has " + std::to_string(a.model_constants().layers) + " layers x " +
                std::to_string(a.model_constants().experts) + " experts, " + path_b + " has " +
                std::to_string(b.model_constants().layers) + " x " +
                std::to_string(b.model_constants().experts) +
                "; only routers of the same shape can be compared");

  analysis::CheckpointComparisonOptions options;
  options.include_padding = args.has("include-padding");
  options.transcript_errors.unit =
      args.has("cer") ? analysis::ErrorUnit::kCharacter : analysis::ErrorUnit::kWord;
  options.transcript_errors.normalize_english = args.has("normalize");
  const ModelConstants* ca = steering_constants(a);
  const ModelConstants* cb = steering_constants(b);
  if (ca && cb && ca->dim != cb->dim) ca = cb = nullptr;  // different encoders: no vector matching
  const analysis::CheckpointComparison result = analysis::compare_checkpoints(pairs, ca, cb, options);
  const auto tables = analysis::comparison_tables(result, options.transcript_errors.unit);

  if (args.has("csv")) {
    const auto files = analysis::write_table_files(args.get("csv"), tables);
    std::cerr << "compare: wrote " << files.size() << " files to " << args.get("csv") << "\n";
  }
  if (args.has("json")) {
    nlohmann::json j = analysis::as_json(result);
    j["a"] = {{"path", path_a}, {"utterances_in_file", a.size()}, {"only_in_this", pairs.only_in_a()}};
    j["b"] = {{"path", path_b}, {"utterances_in_file", b.size()}, {"only_in_this", pairs.only_in_b()}};
    j["steering_constants_compared"] = ca != nullptr && cb != nullptr;
    j["settings"] = {{"include_padding", options.include_padding},
                     {"error_unit", args.has("cer") ? "cer" : "wer"},
                     {"normalized", options.transcript_errors.normalize_english}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "A: " << path_a << " (" << a.size() << " utterances)\n"
            << "B: " << path_b << " (" << b.size() << " utterances)\n"
            << "paired by id: " << result.utterances << " utterances";
  if (pairs.only_in_a() > 0)
    std::cout << "; only in A: " << id_list(pairs.example_only_in_a(), pairs.only_in_a());
  if (pairs.only_in_b() > 0)
    std::cout << "; only in B: " << id_list(pairs.example_only_in_b(), pairs.only_in_b());
  std::cout << "\n";
  if (!ca || !cb) std::cout << "steering vectors: not in both recordings, no steering-vector matching\n";
  std::cout << "\n";
  analysis::print_tables(std::cout, tables);
  return 0;
}

const CommandRegistration registration{
    "compare",
    "How two checkpoints route and transcribe the same audio: JS divergence, expert matchings, WER",
    run_compare};

}  // namespace

}  // namespace steerscope::cli
