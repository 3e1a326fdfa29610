// steerscope-cli record: run the steered pipeline over a corpus (a manifest or a directory of audio) and
// write everything it does to one HDF5 recording (docs/recording-format.md). The work is CorpusRecorder's
// (core/pipeline/corpus_recorder.h); this file parses, wires and reports.
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/command_registry.h"
#include "app/cli/encoder_options.h"
#include "app/cli/generation_options.h"
#include "app/cli/progress_bar.h"
#include "core/io/corpus_entry.h"
#include "core/io/manifest_table.h"
#include "core/pipeline/corpus_recorder.h"
#include "core/util/error.h"

namespace steerscope::cli {
namespace {

// Exit status when the run finished but some utterances could not be recorded (1 is an error that stopped
// the run, 2 a usage error).
constexpr int kSomeFailed = 3;

// SIGINT or SIGTERM (a scheduler's notice before SIGKILL) stop the run after the utterance in progress, so
// that the file is closed cleanly. The handler is one-shot: a second signal kills at once, which is safe
// too (the recording is crash-safe), only less tidy.
volatile std::sig_atomic_t stop_signal = 0;
extern "C" void on_stop_signal(int sig) {
  stop_signal = sig;
}

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sa.sa_flags = SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

std::vector<CorpusEntry> list_corpus(const ArgParser& args) {
  const bool sidecars = !args.has("no-sidecars");
  if (args.has("manifest") == args.has("dir")) throw UsageError("give either --manifest FILE or --dir DIR");
  if (args.has("dir")) {
    for (const char* column : {"id-column", "path-column", "text-column", "speaker-column", "align-column"})
      if (args.has(column)) throw UsageError(std::string("--") + column + " needs --manifest");
    return corpus_entries_from_directory(args.get("dir"), args.has("recursive"), sidecars);
  }
  if (args.has("recursive")) throw UsageError("--recursive needs --dir");
  ManifestColumns columns;
  columns.id = args.get_or("id-column", "");
  columns.path = args.get_or("path-column", "");
  columns.text = args.get_or("text-column", "");
  columns.speaker = args.get_or("speaker-column", "");
  columns.alignments = args.get_all("align-column");
  return corpus_entries_from_manifest(ManifestTable::read(args.get("manifest")), columns, sidecars);
}

std::unique_ptr<CorpusRecorder> load_recorder(const ArgParser& args) {
  PipelineConfig config = pipeline_config_from(args);
  CorpusRecorderOptions options;
  options.interventions = interventions_from(args);
  options.keep_log_mel = !args.has("no-log-mel");
  if (!args.has("decoder")) {
    for (const char* o : {"prompt", "prompt-ids", "system", "greedy", "temperature", "top-k", "top-p",
                          "repetition-penalty", "penalize-prompt", "max-new-tokens", "seed"})
      if (args.has(o)) throw UsageError(std::string("--") + o + " needs --decoder");
    return std::make_unique<CorpusRecorder>(load_utterance_encoder(config), config, options);
  }
  config.decoder_dir = args.get("decoder");
  auto pipeline = SteeredPipeline::load(config);
  options.generation = generation_settings_from(args, pipeline->default_generation());
  options.prompt.layout = layout_from(args);
  options.prompt.text = args.get("prompt");
  if (args.has("prompt-ids")) options.prompt.ids = parse_id_list(args.get("prompt-ids"), "prompt-ids");
  if (args.has("system")) options.prompt.system_prompt = args.get("system");
  return std::make_unique<CorpusRecorder>(pipeline, options);
}

void print_summary(const CorpusRecordingSummary& s, const std::string& out, const CorpusShard& shard) {
  std::printf("recorded %zu of %zu utterance%s into %s", s.recorded, s.entries - s.already_recorded,
              s.entries - s.already_recorded == 1 ? "" : "s", out.c_str());
  if (!shard.is_whole()) std::printf(" (shard %s)", shard.to_string().c_str());
  std::printf("\n");
  if (s.already_recorded)
    std::printf("skipped %zu already in the recording (--resume)\n", s.already_recorded);
  std::printf("audio %.4f h (%.1f s), wall time %s (%.1f s), real-time factor %.3f\n", s.audio_s / 3600.0,
              s.audio_s, format_duration(s.wall_s).c_str(), s.wall_s, s.real_time_factor());
  if (!s.failures.empty()) {
    std::printf("failed %zu:\n", s.failures.size());
    for (const auto& f : s.failures) std::printf("  %s: %s\n", f.id.c_str(), f.reason.c_str());
  }
  std::fflush(stdout);
}

int run_record(int argc, char** argv) {
  ArgParser args(
      "record",
      "Run the steered pipeline over a corpus and record everything to one HDF5 file: per utterance the "
      "log-mel, every layer's router probabilities and steering norms, the decoder's output (with "
      "--decoder), the speaker, the reference text and alignment tiers (docs/recording-format.md). "
      "Sources: --manifest (JSON lines, TSV or CSV with a header; paths relative to the manifest) or "
      "--dir. Alignments: --align-column files and sidecar files with the audio's stem (.TextGrid, .ctm, "
      ".rttm, .lab). A bad file is reported and skipped. Exit status: 0 all recorded, 3 finished with "
      "failed utterances, 1 stopped by an error (resume with --resume), 2 usage.");
  add_encoder_options(args, /*steering_required=*/true);
  add_generation_options(args);
  args.add_option("prompt", "TEXT",
                  "With --decoder: text after the audio (reference layout) or the user's request (chatml)",
                  kReferenceAsrPrompt);
  args.add_option("prompt-ids", "1,2,3",
                  "With --decoder: the prompt as token ids (decoders without a tokenizer; reference layout)");
  args.add_option(
      "manifest", "FILE",
      "Corpus manifest: .jsonl, .tsv or .csv with a header (e.g. the demo corpus's manifest.tsv)");
  args.add_option("dir", "DIR", "Record every audio file in DIR (ids: paths relative to DIR)");
  args.add_flag("recursive", "With --dir: include subdirectories");
  args.add_option("id-column", "NAME", "Manifest column of utterance ids (default: id, else the audio path)");
  args.add_option("path-column", "NAME",
                  "Manifest column of audio paths (default: path, audio_filepath, audio, wav or file)");
  args.add_option("text-column", "NAME", "Manifest column of reference transcripts or answers");
  args.add_option("speaker-column", "NAME",
                  "Manifest column of speaker labels (an RTTM alignment takes precedence; "
                  "without either, LibriSpeech-style paths give the speaker)");
  args.add_multi_option("align-column", "NAME",
                        "Manifest column(s) naming TextGrid, CTM, RTTM or label files");
  args.add_flag("no-sidecars", "Do not import alignment files found next to the audio with the same stem");
  args.add_option("out", "FILE.h5", "The recording to write");
  args.add_flag(
      "resume",
      "Append to an existing --out, skipping utterances already complete (same models and options)");
  args.add_flag("overwrite", "Replace an existing --out");
  args.add_option("shard", "K/N",
                  "Record only shard K of N (1-based): utterances whose id hashes to K (FNV-1a "
                  "mod N, see docs/recording-format.md); join the shards with `steerscope-cli merge`");
  args.add_flag("no-log-mel", "Do not store the log-mel (saves about half the file)");
  args.add_option("deflate", "0-9", "Compression of the tensors (0: none, fastest to write and read)", "1");
  args.add_option("progress-interval", "S",
                  "When stderr is not a terminal: seconds between progress lines (0: after "
                  "every utterance)",
                  "10");
  if (!args.parse(argc, argv)) return 0;
  if (!args.has("out")) throw UsageError("missing required option --out");
  if (args.has("resume") && args.has("overwrite"))
    throw UsageError("--resume and --overwrite exclude each other");
  const std::string out = args.get("out");
  const CorpusShard shard = args.has("shard") ? CorpusShard::parse(args.get("shard")) : CorpusShard{};
  const int64_t deflate = args.get_int("deflate");
  if (deflate < 0 || deflate > 9) throw UsageError("--deflate expects 0..9");
  const double interval = args.get_double("progress-interval");
  if (interval < 0) throw UsageError("--progress-interval must not be negative");

  const std::vector<CorpusEntry> all = list_corpus(args);
  const std::vector<CorpusEntry> entries = entries_in_shard(all, shard);
  const auto recorder = load_recorder(args);

  RunInfo run = recorder->describe_run();
  run.command_line = quoted_command_line(argc, argv);
  run.extra["corpus"] =
      std::filesystem::absolute(args.has("manifest") ? args.get("manifest") : args.get("dir")).string();
  run.extra["shard"] = shard.to_string();
  std::error_code ec;
  const bool resuming = args.has("resume") && std::filesystem::exists(out, ec);
  RecordingWriter writer = [&] {
    if (resuming) {
      RecordingWriter w = RecordingWriter::append(out);
      recorder->check_same_models(w, run);
      return w;
    }
    RecordingOptions options = recorder->recording_options();
    options.deflate_level = int(deflate);
    options.overwrite = args.has("overwrite");
    return RecordingWriter::create(out, run, recorder->model_constants(), options);
  }();

  size_t already = 0;
  for (const auto& s : entries) already += writer.contains(s.id) ? 1 : 0;
  std::fprintf(stderr, "record: %zu utterance%s%s from %s", entries.size(), entries.size() == 1 ? "" : "s",
               shard.is_whole()
                   ? ""
                   : (" in shard " + shard.to_string() + " of " + std::to_string(all.size())).c_str(),
               run.extra["corpus"].c_str());
  if (resuming) std::fprintf(stderr, "; %zu already in %s", already, out.c_str());
  std::fprintf(stderr, "\n");

  ProgressBarOptions bar_options;
  bar_options.label = "record";
  bar_options.unit = "utt";
  bar_options.terminal = ProgressBar::is_terminal(STDERR_FILENO);
  bar_options.plain_interval_s = interval;
  ProgressBar bar(std::cerr, entries.size() - already, bar_options);
  CorpusRecordingProgress last;
  install_stop_handlers();
  auto on_progress = [&](const CorpusRecordingProgress& p) {
    last = p;
    if (p.failure) bar.print_line("failed: " + p.failure->id + ": " + p.failure->reason);
    bar.set_field("failed", p.failed ? std::to_string(p.failed) : "");
    bar.update(p.recorded + p.failed);
    return stop_signal == 0;
  };

  CorpusRecordingSummary summary;
  try {
    summary = recorder->record(entries, writer, on_progress);
  } catch (const Cancelled&) {
    bar.finish();
    writer.close();
    std::fprintf(
        stderr,
        "record: stopped by signal %d after %zu utterance%s; %s is complete up to there, continue with "
        "--resume\n",
        int(stop_signal), last.recorded, last.recorded == 1 ? "" : "s", out.c_str());
    return 128 + int(stop_signal);
  }
  bar.finish();
  writer.close();
  print_summary(summary, out, shard);
  return summary.failures.empty() ? 0 : kSomeFailed;
}

CommandRegistration reg{
    "record", "Record a corpus (manifest or directory) to an HDF5 recording; shards, resume", run_record};

}  // namespace
}  // namespace steerscope::cli
