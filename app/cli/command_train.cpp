// steerscope-cli train: the demo's training recipe (core/train/demo_recipe.h), stage by stage.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "analysis/error_rate_accumulator.h"
#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "app/cli/demo_evaluation.h"
#include "app/cli/demo_recording.h"
#include "core/model/execution_config.h"
#include "core/train/demo_bundle.h"
#include "core/train/demo_recipe.h"
#include "core/util/error.h"

namespace steerscope::cli {
namespace {

double corpus_wer(const std::vector<std::string>& refs, const std::vector<std::string>& hyps) {
  analysis::ErrorRateOptions o;
  o.keep_alignment = false;
  analysis::ErrorRateAccumulator acc(o);
  for (size_t i = 0; i < refs.size(); ++i) acc.add(refs[i], hyps[i]);
  return acc.corpus_rate();
}

// One line per report on a terminal (redrawn in place) or every few seconds otherwise.
StepCallback progress_printer(const std::string& stage) {
  const bool tty = ::isatty(STDERR_FILENO);
  auto last = std::make_shared<double>(-1e9);
  return [stage, tty, last](const StepReport& r) {
    const bool eval = !r.evaluation.is_null() && !r.evaluation.empty();
    if (!tty && !eval && r.step != r.total && r.seconds - *last < 10.0) return true;
    *last = r.seconds;
    const double eta = r.steps_per_second > 0 ? double(r.total - r.step) / r.steps_per_second : 0.0;
    const int width = 24, filled = int(width * double(r.step) / double(std::max<int64_t>(1, r.total)));
    std::fprintf(stderr, "%s%-9s [%s%s] %lld/%lld loss %.4f lr %.2e %.2f steps/s ETA %02d:%02d%s", tty ? "\r" : "",
                 stage.c_str(), std::string(size_t(filled), '#').c_str(), std::string(size_t(width - filled), '.').c_str(),
                 static_cast<long long>(r.step), static_cast<long long>(r.total), r.loss, r.learning_rate, r.steps_per_second,
                 int(eta) / 60, int(eta) % 60, tty ? "\033[K" : "\n");
    if (eval) std::fprintf(stderr, "%s%-9s eval at step %lld: %s\n", tty ? "\n" : "", stage.c_str(),
                           static_cast<long long>(r.step), r.evaluation.dump().c_str());
    else if (tty && r.step == r.total) std::fprintf(stderr, "\n");
    return true;
  };
}

int run_train(int argc, char** argv) {
  ArgParser args("train", "Train the embedded demo's models from a corpus made by `steerscope-cli corpus`: the BPE "
                 "tokenizer, the encoder (CTC and frame-wise phones), the LM (text only), then the SteerMoE module and the "
                 "linear baseline with both frozen. Each stage resumes from its last checkpoint.");
  args.add_option("corpus", "DIR", "corpus directory (manifest.tsv, wav/, align/, lm_text.txt)");
  args.add_option("work", "DIR", "where models, checkpoints and metrics.jsonl logs go");
  args.add_option("stage", "NAME", "tokenizer | encoder | lm | steering | baseline | evaluate | bundle | all", "all");
  args.add_option("bundle", "DIR", "write the demo bundle here (stage bundle, or the end of all); e.g. resources/demo");
  args.add_option("seed", "N", "random seed", "1");
  args.add_option("threads", "N", "CPU threads (0 = all; results are reproducible for a fixed count)", "0");
  args.add_option("steps-scale", "F", "multiply every stage's number of steps (e.g. 0.01 for a smoke test)", "1");
  args.add_option("eval-examples", "N", "validation utterances scored during training", "150");
  args.add_option("test-examples", "N", "utterances of each test split scored by the evaluate stage (0 = all)", "0");
  args.add_flag("restart", "ignore existing checkpoints");
  if (!args.parse(argc, argv)) return 0;
  set_compute_threads(static_cast<int>(args.get_int("threads")));
  DemoRecipeOptions o;
  o.corpus_dir = args.get("corpus");
  o.work_dir = args.get("work");
  o.seed = static_cast<uint64_t>(args.get_int("seed"));
  o.steps_scale = args.get_double("steps-scale");
  o.eval_examples = args.get_int("eval-examples");
  o.resume = !args.has("restart");
  const std::string stage = args.get("stage");
  const std::vector<std::string> known = {"tokenizer", "encoder", "lm", "steering", "baseline", "evaluate", "bundle", "all"};
  if (stage == "bundle" && !args.has("bundle")) throw UsageError("--stage bundle needs --bundle DIR");
  const auto started = std::chrono::steady_clock::now();
  if (std::find(known.begin(), known.end(), stage) == known.end()) throw UsageError("unknown stage '" + stage + "'");
  auto wants = [&](const char* s) { return stage == "all" || stage == s; };

  auto run = [&](const char* name, const std::function<TrainingSummary(DemoRecipe&)>& f) {
    DemoRecipe recipe(o, corpus_wer, progress_printer(name));
    const auto s = f(recipe);
    std::fprintf(stderr, "%-9s done: %lld steps in %.0f s, final loss %.4f, eval %s\n", name, static_cast<long long>(s.steps),
                 s.seconds, s.final_loss, s.evaluation.dump().c_str());
  };
  if (wants("tokenizer")) {
    DemoRecipe recipe(o, corpus_wer);
    recipe.train_tokenizer();
    std::fprintf(stderr, "tokenizer done: %s/tokenizer.json\n", recipe.decoder_dir().c_str());
  }
  if (wants("encoder")) run("encoder", [](DemoRecipe& r) { return r.train_encoder(); });
  if (wants("lm")) run("lm", [](DemoRecipe& r) { return r.train_lm(); });
  if (wants("steering")) run("steering", [](DemoRecipe& r) { return r.train_steering(true); });
  if (wants("baseline")) run("baseline", [](DemoRecipe& r) { return r.train_steering(false); });
  if (wants("evaluate")) {
    DemoEvaluationOptions e;
    e.corpus_dir = o.corpus_dir;
    e.work_dir = o.work_dir;
    e.max_per_split = args.get_int("test-examples");
    e.transcripts_path = (std::filesystem::path(o.work_dir) / "transcripts.jsonl").string();
    const bool tty = ::isatty(STDERR_FILENO);
    const auto results = evaluate_demo(e, [tty](int done, int total) {
      if (tty || done % 50 == 0 || done == total)
        std::fprintf(stderr, "%sevaluate  %d/%d utterances%s", tty ? "\r" : "", done, total, tty ? "\033[K" : "\n");
    });
    const std::string path = (std::filesystem::path(o.work_dir) / "results.json").string();
    std::ofstream(path) << results.dump(2) << "\n";
    std::printf("\n%s\nwrote %s and %s\n", demo_results_markdown(results).c_str(), path.c_str(), e.transcripts_path.c_str());
  }
  if (args.has("bundle") && wants("bundle")) {
    DemoBundleOptions b;
    b.corpus_dir = o.corpus_dir;
    b.work_dir = o.work_dir;
    b.out_dir = args.get("bundle");
    b.seed = o.seed;
    write_demo_bundle(b);
    const DemoBundle bundle = DemoBundle::open(b.out_dir);
    record_demo_clips(bundle, load_demo_pipeline(bundle), bundle.recording_path(), quoted_command_line(argc, argv));
    std::fprintf(stderr, "bundle    done: %s (%zu clips, %.1f MiB)\n", bundle.dir().c_str(), bundle.clips().size(),
                 directory_bytes(bundle.dir()) / 1048576.0);
  }
  const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60.0;
  std::fprintf(stderr, "train: stage %s took %.1f min\n", stage.c_str(), minutes);
  return 0;
}

CommandRegistration reg{"train", "Train the demo's tokenizer, encoder, LM and SteerMoE module from a corpus", run_train};

}  // namespace
}  // namespace steerscope::cli
