// steerscope-cli demo: the embedded demo, end to end. The miniature SteerMoE of the demo bundle
// (core/train/demo_bundle.h) transcribes the demo clips and answers the spoken commands with function
// calls; everything goes to a recording with the clips' phone and word alignments and speakers; a short
// analysis says, per layer, how much each expert is used and which phone classes it prefers; and on a
// display the workbench opens on the recording.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "analysis/corpus_analysis.h"
#include "analysis/recording_utterance_source.h"
#include "analysis/result_table.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "app/cli/demo_recording.h"
#include "core/io/audio_file.h"
#include "core/corpus/function_call.h"
#include "core/io/recording_reader.h"
#include "core/train/demo_recipe.h"
#include "core/util/error.h"
#include "core/util/install_paths.h"

extern char** environ;

namespace fs = std::filesystem;

namespace steerscope::cli {
namespace {

using analysis::ResultTable;

std::string clip_heading(const DemoClip& c) {
  return c.id + "  (" + c.speaker + (c.heldout_speaker ? ", held-out speaker" : "") + ", " + c.kind + ")";
}

// Per layer and expert: load, and the phone classes it dominates most often (with their lift).
ResultTable routing_summary(const analysis::CorpusAnalysis& a) {
  ResultTable t("demo_routing", "Per layer: expert load, and the phone classes each expert prefers (share, xlift)",
                {{"layer", "", "", "layer"},
                 {"expert", "", "", "expert"},
                 {"mean_probability", "probability", "", "load"},
                 {"dominant_share", "ratio", "", "dominant"},
                 {"phone_classes", "", "", "phone classes where it dominates"}},
                analysis::TableUse::kTextOnly);
  const analysis::AssociationResult& classes = a.associations.front();
  for (const auto& layer : a.routing.layers) {
    const analysis::LayerAssociation* assoc = nullptr;
    for (const auto& l : classes.layers)
      if (l.layer == layer.layer) assoc = &l;
    for (size_t e = 0; e < layer.mean_probability.size(); ++e) {
      std::string top;
      if (assoc && e < assoc->hard_summary.top_labels.size())
        for (const auto& s : assoc->hard_summary.top_labels[e]) {
          char buf[96];
          std::snprintf(buf, sizeof buf, "%s%s %.0f%% x%.1f", top.empty() ? "" : ", ", classes.labels.at(size_t(s.label)).c_str(),
                        100 * s.share, s.lift);
          top += buf;
        }
      t.add_row({int64_t(layer.layer), int64_t(e), layer.mean_probability[e], layer.dominant_share[e], top.empty() ? "-" : top});
    }
  }
  return t;
}

ResultTable specialisation_summary(const analysis::AssociationResult& r) {
  ResultTable t("demo_specialisation", "Expert x " + r.labelling + ": normalised mutual information against chance",
                {{"layer", "", "", "layer"},
                 {"nmi", "", "", "NMI"},
                 {"chance", "", "", "chance NMI"},
                 {"z", "", "", "z"},
                 {"p", "", "", "p"},
                 {"purity", "", "", "purity"}},
                analysis::TableUse::kTextOnly);
  for (const auto& l : r.layers) {
    const auto& test = l.permutation_test;
    t.add_row({int64_t(l.layer), l.hard_summary.nmi, test ? ResultTable::Cell(test->null_mean) : ResultTable::Cell(),
               test ? ResultTable::Cell(test->z_score) : ResultTable::Cell(), test ? ResultTable::Cell(test->p_value) : ResultTable::Cell(),
               l.hard_summary.purity});
  }
  return t;
}

// Starts the workbench on the recording, detached, when there is a display and the workbench is installed
// beside this program. Returns what it did, for the user.
std::string open_workbench(const std::string& recording) {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if (!(x && *x) && !(wayland && *wayland)) return "no display: open it later with  steerscope " + recording;
  const fs::path gui = fs::path(executable_dir()) / "steerscope";
  if (!fs::exists(gui)) return "the workbench is not installed beside steerscope-cli: " + gui.string();
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  std::string program = gui.string(), file = recording;
  char* child_argv[] = {program.data(), file.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), nullptr, &attr, child_argv, environ);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return "could not start " + program + ": " + std::strerror(rc);
  return "opened the workbench on " + recording + " (pid " + std::to_string(pid) + ")";
}

int run_demo(int argc, char** argv) {
  ArgParser args("demo",
                 "The embedded demo: a miniature SteerMoE (a Whisper-architecture encoder and a Qwen2-architecture LM, "
                 "both trained here on synthetic speech and frozen, bridged by a trained steering module) transcribes "
                 "the demo clips and answers spoken commands with function calls; the run is written to a recording "
                 "with alignments and speakers, analysed per layer, and opened in the workbench when there is a "
                 "display.");
  args.add_option("bundle", "DIR", "Demo bundle (default: $STEERSCOPE_DEMO_DIR, the installed one, or the source tree's resources/demo)");
  args.add_option("out", "FILE", "Recording to write (replaced if it exists)", "steerscope-demo.h5");
  args.add_flag("no-gui", "Do not open the workbench");
  args.add_option("permutations", "N", "Permutations of the significance test of the NMI", "199");
  if (!args.parse(argc, argv)) return 0;

  std::string dir = args.get_or("bundle", "");
  if (dir.empty()) dir = find_demo_bundle();
  if (dir.empty())
    throw Error("no demo bundle found (looked in $STEERSCOPE_DEMO_DIR, ../share/steerscope/demo beside this program, "
                "/usr/share/steerscope/demo and the source tree's resources/demo); build one with scripts/build-demo.sh "
                "or pass --bundle DIR");
  const DemoBundle bundle = DemoBundle::open(dir);
  const std::string out = fs::absolute(args.get("out")).lexically_normal().string();

  std::printf("SteerScope demo, bundle %s\n%s\n\n", bundle.dir().c_str(), bundle.info().value("description", "").c_str());
  auto pipeline = load_demo_pipeline(bundle);

  // 1. Transcription: the recording holds every clip's transcript, router traces and alignments.
  std::printf("Transcribing %zu clips (prompt \"%s\") into %s ...\n", bundle.clips().size(), bundle.asr_prompt().c_str(),
              out.c_str());
  std::fflush(stdout);
  const auto summary = record_demo_clips(bundle, pipeline, out, quoted_command_line(argc, argv));
  const RecordingReader reader(out);
  analysis::ErrorRateOptions wer_options;
  wer_options.keep_alignment = false;
  analysis::ErrorRateAccumulator wer(wer_options), heldout_wer(wer_options);
  for (const auto& clip : bundle.clips()) {
    const UtteranceRecord r = reader.read(clip.id);
    const std::string heard = r.output ? r.output->text : "";
    auto& acc = clip.heldout_speaker ? heldout_wer : wer;
    const auto e = acc.add(clip.text, heard);
    std::printf("\n  %s\n    truth: %s\n    heard: %s\n    WER %.0f%% (%lld of %lld words wrong), encoder %.1f ms, first token %.1f ms\n",
                clip_heading(clip).c_str(), clip.text.c_str(), heard.c_str(), 100 * e.rate(), (long long)e.counts.errors(),
                (long long)e.counts.reference_length(), r.output ? r.output->encoder_ms : 0.0, r.output ? r.output->first_token_ms : 0.0);
  }
  std::printf("\n  WER over the clips of training speakers: %.1f%% (%lld words); held-out speaker: %.1f%% (%lld words)\n",
              100 * wer.corpus_rate(), (long long)wer.totals().reference_length(), 100 * heldout_wer.corpus_rate(),
              (long long)heldout_wer.totals().reference_length());
  std::printf("  %zu clips, %.1f s of audio in %.2f s (real-time factor %.3f)\n", summary.recorded, summary.audio_s, summary.wall_s,
              summary.real_time_factor());

  // 2. Spoken commands: the steering was trained on transcription only; the call comes from the frozen LM.
  std::printf("\nSpoken commands answered with a function call (prompt \"%s\"):\n", bundle.call_prompt().c_str());
  const GenerationSettings greedy = DemoRecipe::decoding(*pipeline);
  int commands = 0, right = 0;
  for (const auto& clip : bundle.clips()) {
    if (clip.kind != "command") continue;
    const auto encoded = pipeline->encoder().encode(load_audio(clip.wav_path).samples, EncodeOptions{});
    Conversation conversation(pipeline, encoded.audio_prompts, PromptLayout::kReference);
    std::printf("\n  %s\n    said: %s\n    call: ", clip_heading(clip).c_str(), clip.text.c_str());
    std::fflush(stdout);
    const auto answer = conversation.ask(bundle.call_prompt(), greedy, [](const GeneratedToken& t) {
      std::fputs(t.text.c_str(), stdout);
      std::fflush(stdout);
      return true;
    });
    const bool ok = same_function_call(answer.text, clip.call);
    ++commands;
    right += ok ? 1 : 0;
    std::printf("\n    %s (expected %s)\n", ok ? "right" : "wrong", clip.call.c_str());
  }
  std::printf("\n  %d of %d calls right\n", right, commands);

  // 3. What the experts do, from the recording.
  analysis::RecordingUtteranceSource source(reader);
  analysis::CorpusAnalysisOptions options;
  options.labellings.push_back({analysis::FrameLabelKind::kPhoneClass, "phones", analysis::PhoneAlphabet::kIpa, false});
  options.association.top_labels = 3;
  options.association.permutations = int(args.get_int("permutations"));
  if (options.association.permutations < 0) throw UsageError("--permutations must not be negative");
  const auto analysis = analysis::analyze_corpus(source, options);
  std::printf("\n");
  analysis::print_tables(std::cout, {routing_summary(analysis), specialisation_summary(analysis.associations.front())});
  std::cout << "More: steerscope-cli analyze " << out << "\n";
  std::cout.flush();

  if (!args.has("no-gui")) std::printf("%s\n", open_workbench(out).c_str());
  return 0;
}

const CommandRegistration registration{
    "demo", "The embedded demo: transcribe the demo clips, answer a spoken command, record and analyse the routing", run_demo};

}  // namespace
}  // namespace steerscope::cli
