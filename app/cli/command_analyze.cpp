// steerscope-cli analyze: what the experts of a recording do. One streaming pass over the recording
// (analysis/corpus_analysis.h through analysis/recording_utterance_source.h, one utterance in memory at a
// time): per layer the expert load, router entropies, top-2 margin, load balance and persistence; the
// specialisation of the experts for the labels of an alignment tier, their phone classes and the
// speakers (NMI with a permutation test, purity, each expert's top labels with lift); and the decoder
// output against the reference text. Readable tables on stdout, or JSON; --csv writes one CSV file per
// table plus columns.csv describing every column (analysis/analysis_tables.h).

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/analysis_json.h"
#include "analysis/analysis_tables.h"
#include "analysis/corpus_analysis.h"
#include "analysis/recording_utterance_source.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/io/recording_reader.h"
#include "core/util/error.h"

namespace steerscope::cli {

namespace {

using analysis::AssociationResult;
using analysis::CorpusAnalysis;
using analysis::ResultTable;

// Why a labelling has nothing to show, or empty if it has.
std::string missing_labels_note(const AssociationResult& r, const std::string& what) {
  if (r.utterances > 0 && r.utterances_without_labels < r.utterances && !r.layers.empty() &&
      r.layers.front().frames > 0)
    return "";
  return "Specialisation: " + r.labelling + ": no labelled frames (" + what + ")\n\n";
}

int run_analyze(int argc, char** argv) {
  ArgParser args(
      "analyze",
      "What the experts of a recording do, per layer: expert load, router entropies, top-2 margin, "
      "load balance (CV), persistence of the dominant expert; specialisation for an alignment tier's "
      "labels, their phone classes and the speakers (NMI with a permutation test, purity, top labels "
      "per expert with lift); decoder output against the reference text. Streams the recording one "
      "utterance at a time.");
  args.add_positional("recording", "Recording (HDF5) made by record, or any file RecordingWriter wrote");
  args.add_option("tier", "NAME", "Alignment tier whose labels (and their phone classes) are analysed",
                  "phones");
  args.add_option("speaker-tier", "NAME",
                  "Diarisation tier for the speaker analysis; utterances without it use their speaker",
                  "speakers");
  args.add_flag("no-phone-classes",
                "Do not analyse the phone classes of the tier's labels (for non-phone tiers)");
  args.add_option("alphabet", "auto|ipa|arpabet", "Phone alphabet of the tier, for the phone classes",
                  "auto");
  args.add_flag("skip-silence", "Leave silence labels (empty, sil, sp, ...) out of the specialisation");
  args.add_option("layer", "N", "Analyse only this layer (0-based); the default is every layer");
  args.add_option("utterances", "N", "Analyse only the first N utterances");
  args.add_flag("include-padding",
                "Count the frames that only see padding too (the reference's averages include them)");
  args.add_option("permutations", "N", "Permutations of the significance test of the NMI (0 = no test)",
                  "199");
  args.add_option("seed", "N", "Seed of the permutation test", "1");
  args.add_option("max-test-utterances", "N",
                  "Utterances kept for the permutation test (a uniform sample beyond that)", "1000");
  args.add_option("top", "N", "Labels listed per expert", "5");
  args.add_option("min-label-frames", "N", "Labels with fewer frames are left out of the top lists", "0");
  args.add_option("threads", "N", "Threads for the permutation tests (0 = all cores)", "0");
  args.add_flag("cer", "Character error rate of the output instead of word error rate");
  args.add_flag("normalize", "English normalisation of output and reference before scoring");
  args.add_option("csv", "DIR",
                  "Write one CSV file per table, and columns.csv describing the columns, to DIR");
  args.add_flag("json", "Print one JSON object instead of tables");
  if (!args.parse(argc, argv)) return 0;

  const std::string path = args.get("recording");
  RecordingReader reader(path);
  const int layers = reader.model_constants().layers;

  analysis::RecordingSourceOptions source_options;
  if (args.has("layer")) source_options.layers = {static_cast<int>(args.get_int("layer"))};
  if (args.has("utterances")) {
    const int64_t n = args.get_int("utterances");
    if (n <= 0) throw UsageError("--utterances expects a positive number");
    source_options.limit = size_t(n);
  }
  analysis::RecordingUtteranceSource source(reader, source_options);

  analysis::CorpusAnalysisOptions options;
  options.routing.include_padding = args.has("include-padding");
  const std::string tier = args.get("tier");
  const auto alphabet = analysis::parse_phone_alphabet(args.get("alphabet"));
  const bool skip_silence = args.has("skip-silence");
  options.labellings.push_back({analysis::FrameLabelKind::kTierLabel, tier, alphabet, skip_silence});
  if (!args.has("no-phone-classes"))
    options.labellings.push_back({analysis::FrameLabelKind::kPhoneClass, tier, alphabet, skip_silence});
  options.labellings.push_back(
      {analysis::FrameLabelKind::kSpeaker, args.get("speaker-tier"), alphabet, false});
  auto& a = options.association;
  a.include_padding = options.routing.include_padding;
  a.top_labels = static_cast<int>(args.get_int("top"));
  a.min_label_frames = args.get_double("min-label-frames");
  a.permutations = static_cast<int>(args.get_int("permutations"));
  a.seed = static_cast<uint64_t>(args.get_int("seed"));
  a.max_test_utterances = args.get_int("max-test-utterances");
  a.threads = static_cast<int>(args.get_int("threads"));
  if (a.top_labels < 0 || a.permutations < 0 || a.max_test_utterances < 1 || a.threads < 0)
    throw UsageError(
        "--top, --permutations and --threads must not be negative, --max-test-utterances positive");
  options.text_errors.unit = args.has("cer") ? analysis::ErrorUnit::kCharacter : analysis::ErrorUnit::kWord;
  options.text_errors.normalize_english = args.has("normalize");

  const CorpusAnalysis result = analysis::analyze_corpus(source, options);
  const std::vector<ResultTable> tables = analysis::corpus_analysis_tables(result, options.text_errors.unit);

  if (args.has("csv")) {
    const auto files = analysis::write_table_files(args.get("csv"), tables);
    std::cerr << "analyze: wrote " << files.size() << " files to " << args.get("csv") << "\n";
  }

  if (args.has("json")) {
    nlohmann::json j = analysis::as_json(result);
    j["recording"] = {{"path", path},
                      {"utterances_in_file", reader.size()},
                      {"layers_in_file", layers},
                      {"experts", reader.model_constants().experts}};
    j["settings"] = {{"tier", tier},
                     {"speaker_tier", args.get("speaker-tier")},
                     {"phone_classes", !args.has("no-phone-classes")},
                     {"skip_silence", skip_silence},
                     {"include_padding", options.routing.include_padding},
                     {"permutations", a.permutations},
                     {"seed", a.seed},
                     {"error_unit", args.has("cer") ? "cer" : "wer"},
                     {"normalized", options.text_errors.normalize_english}};
    if (args.has("layer")) j["settings"]["layer"] = source_options.layers.front();
    std::cout << j.dump(2) << "\n";
    return 0;
  }

  std::cout << "recording: " << path << "\n"
            << "utterances: " << result.utterances << " of " << reader.size() << ", layers: "
            << (args.has("layer")
                    ? std::to_string(source_options.layers.front()) + " (of " + std::to_string(layers) + ")"
                    : std::to_string(layers))
            << ", experts: " << reader.model_constants().experts
            << ", frames: " << (options.routing.include_padding ? "all (padding included)" : "valid only")
            << "\n\n";
  // Tables of labellings without any labelled frame, and text metrics without any pair, would only show
  // zeros; they are replaced by a note (the CSV files keep them, so that their set does not vary).
  std::vector<ResultTable> shown = analysis::routing_tables(result.routing);
  analysis::print_tables(std::cout, shown);
  for (size_t i = 0; i < result.associations.size(); ++i) {
    const AssociationResult& r = result.associations[i];
    const auto& spec = options.labellings[i];
    const std::string note =
        missing_labels_note(r, spec.kind == analysis::FrameLabelKind::kSpeaker
                                   ? "no utterance has a '" + spec.tier + "' tier or a speaker"
                                   : "no utterance has a '" + spec.tier + "' tier; choose one with --tier");
    if (!note.empty()) {
      std::cout << note;
      continue;
    }
    analysis::print_tables(std::cout, analysis::association_tables(r, analysis::association_kind(r)));
  }
  if (result.text.utterances == 0)
    std::cout << "Decoder output against the reference text: no utterance has both\n";
  else
    analysis::print_tables(std::cout, {analysis::text_metrics_table(result.text, options.text_errors.unit)});
  return 0;
}

const CommandRegistration registration{
    "analyze", "Expert load, entropies, persistence and specialisation (NMI, purity, lift) of a recording",
    run_analyze};

}  // namespace

}  // namespace steerscope::cli
