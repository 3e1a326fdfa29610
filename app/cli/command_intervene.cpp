// steerscope-cli intervene: what an intervention on the steering changes. The audio of a recording is
// run again (core/pipeline/utterance_replayer.h) with experts forced or ablated, or a layer's steering
// scaled, at the router hook points, and the re-run is compared with the recording
// (analysis/intervention_effect_accumulator.h): per layer the JS divergence between the original and the
// intervened router distributions and the change of expert load, and the transcripts against the
// original ones. When the recording has no decoder output, the original transcripts come from a re-run
// without the intervention. One utterance in memory at a time.

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/analysis_json.h"
#include "analysis/analysis_tables.h"
#include "analysis/intervention_effect_accumulator.h"
#include "analysis/recording_utterance_source.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "app/cli/encoder_options.h"
#include "app/cli/generation_options.h"
#include "core/io/recording_reader.h"
#include "core/pipeline/utterance_replayer.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace steerscope::cli {

namespace {

// Warns when the steering checkpoint given is not the one the recording names (same file contents).
void check_steering_identity(const RunInfo& run, const std::string& steering_path) {
  std::error_code ec;
  if (steering_path.empty() || !std::filesystem::is_regular_file(steering_path, ec)) return;
  for (const auto& c : run.checkpoints) {
    if (c.role != "steering" || c.sha256.empty()) continue;
    const std::string now = sha256_file(steering_path);
    if (now != c.sha256)
      std::cerr << "intervene: warning: " << steering_path << " (sha256 " << now
                << ") is not the steering checkpoint the recording was made with (" << c.path << ", sha256 "
                << c.sha256 << "); differences are then not the intervention's alone\n";
  }
}

int run_intervene(int argc, char** argv) {
  ArgParser args(
      "intervene",
      "Run the audio of a recording again with an intervention on the steering (--ablate L:E, --force "
      "L:E, --scale-steering L:S; L 0-based or 'all') and report what changes: per layer the JS "
      "divergence between the original and the intervened router distributions and the shift of "
      "expert load, and the transcripts against the original ones (the recording's, or a re-run "
      "without the intervention when it has none). Padding, prompt, layout and decoding settings "
      "default to the recording's.");
  args.add_positional("recording", "Recording (HDF5) whose audio is run again");
  add_encoder_options(args, /*steering_required=*/true);
  add_generation_options(args);
  args.add_option("prompt", "TEXT", "Prompt after the audio (default: the recording's)");
  args.add_option(
      "prompt-ids", "1,2,3",
      "The prompt as token ids, for decoders without a tokenizer (default: the recording's, if any)");
  args.add_option("utterances", "N", "Run only the first N utterances");
  args.add_option("audio-root", "DIR",
                  "Directory that relative audio paths in the recording are relative to");
  args.add_flag("include-padding", "Compare the frames that only see padding too");
  args.add_flag("cer", "Character error rate instead of word error rate");
  args.add_flag("normalize", "English normalisation of the transcripts before scoring");
  args.add_option("csv", "DIR",
                  "Write one CSV file per table, and columns.csv describing the columns, to DIR");
  args.add_flag("json", "Print one JSON object instead of tables");
  if (!args.parse(argc, argv)) return 0;

  const InterventionSet interventions = interventions_from(args);
  if (interventions.empty())
    throw UsageError("give an intervention: --ablate L:E, --force L:E or --scale-steering L:S");
  if (!args.has("steering")) throw UsageError("missing required option --steering");

  const std::string path = args.get("recording");
  RecordingReader reader(path);
  const RunInfo& run = reader.run_info();

  PipelineConfig config = pipeline_config_from(args);
  if (!args.has("padding")) {
    if (auto p = recorded_padding(run)) config.padding = *p;
  }
  check_steering_identity(run, config.steering_path);

  ReplaySettings settings;
  settings.padding = config.padding;
  settings.audio_root = args.get_or("audio-root", "");
  std::shared_ptr<const SteeredPipeline> pipeline;
  std::shared_ptr<const UtteranceEncoder> encoder;
  if (args.has("decoder")) {
    config.decoder_dir = args.get("decoder");
    pipeline = SteeredPipeline::load(config);
    settings.generation =
        generation_settings_from(args, recorded_generation_settings(run, pipeline->default_generation()));
    settings.layout = args.has("layout") || run.prompt_layout.empty()
                          ? layout_from(args)
                          : parse_prompt_layout(run.prompt_layout);
    if (args.has("system"))
      settings.system_prompt = args.get("system");
    else if (auto it = run.extra.find("system_prompt"); it != run.extra.end())
      settings.system_prompt = it->second;
    if (args.has("prompt")) settings.prompt = args.get("prompt");
    settings.prompt_ids = args.has("prompt-ids") ? parse_id_list(args.get("prompt-ids"), "prompt-ids")
                          : args.has("prompt")   ? std::vector<int64_t>{}
                                                 : recorded_prompt_ids(run);
    settings.run_prompt = run.prompt;
  } else {
    encoder = load_utterance_encoder(config);
  }
  const UtteranceReplayer replayer =
      pipeline ? UtteranceReplayer(pipeline, settings) : UtteranceReplayer(encoder, settings);

  analysis::RecordingSourceOptions source_options;
  if (args.has("utterances")) {
    const int64_t n = args.get_int("utterances");
    if (n <= 0) throw UsageError("--utterances expects a positive number");
    source_options.limit = size_t(n);
  }
  analysis::RecordingUtteranceSource source(reader, source_options);
  analysis::InterventionEffectOptions options;
  options.include_padding = args.has("include-padding");
  options.transcript_errors.unit =
      args.has("cer") ? analysis::ErrorUnit::kCharacter : analysis::ErrorUnit::kWord;
  options.transcript_errors.normalize_english = args.has("normalize");
  analysis::InterventionEffectAccumulator accumulator(options);

  int64_t recorded_outputs = 0, rerun_outputs = 0;
  UtteranceRecord original;
  while (source.next(original)) {
    UtteranceRecord intervened = replayer.replay(original, &interventions);
    if (replayer.has_decoder()) {
      if (original.output) {
        ++recorded_outputs;
      } else {
        // The recording has no transcript to compare with: decode the unmodified audio prompts once more.
        // The routing stays the recorded one.
        original.output = replayer.replay(original, nullptr).output;
        ++rerun_outputs;
      }
    }
    accumulator.add(original, intervened);
  }
  const analysis::InterventionEffect effect = accumulator.result();
  const auto tables = analysis::intervention_tables(effect, options.transcript_errors.unit);
  const std::string transcripts_from = !replayer.has_decoder() ? "none (no --decoder)"
                                       : rerun_outputs == 0    ? "recording"
                                       : recorded_outputs == 0 ? "re-run without the intervention"
                                                               : "recording, and re-runs where it has none";

  if (args.has("csv")) {
    const auto files = analysis::write_table_files(args.get("csv"), tables);
    std::cerr << "intervene: wrote " << files.size() << " files to " << args.get("csv") << "\n";
  }
  std::vector<std::string> described;
  for (const auto& iv : interventions) described.push_back(iv.describe());
  if (args.has("json")) {
    nlohmann::json j = analysis::as_json(effect);
    j["recording"] = {{"path", path}, {"utterances_in_file", reader.size()}};
    j["interventions"] = described;
    j["original_transcripts_from"] = transcripts_from;
    j["settings"] = {{"padding", config.padding_name()},
                     {"include_padding", options.include_padding},
                     {"error_unit", args.has("cer") ? "cer" : "wer"},
                     {"normalized", options.transcript_errors.normalize_english}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "recording: " << path << " (" << effect.utterances << " of " << reader.size()
            << " utterances run again, padding " << config.padding_name() << ")\n"
            << "intervention:";
  for (size_t i = 0; i < described.size(); ++i) std::cout << (i ? "; " : " ") << described[i];
  std::cout << "\noriginal transcripts: " << transcripts_from << "\n\n";
  analysis::print_tables(std::cout, tables);
  return 0;
}

const CommandRegistration registration{
    "intervene",
    "Run a recording's audio again with experts forced/ablated or steering scaled; report what changes",
    run_intervene};

}  // namespace

}  // namespace steerscope::cli
