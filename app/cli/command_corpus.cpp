// steerscope-cli corpus: generates the embedded demo's synthetic speech corpus (core/corpus): dictation
// sentences and spoken commands with their function calls, spoken by espeak-ng voices, with phone and word
// alignments, a manifest, train / validation / test splits with held-out sentences and a held-out
// speaker, and text for the language model. The files are described in core/corpus/corpus_builder.h.

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/corpus/corpus_builder.h"
#include "core/corpus/corpus_options.h"
#include "core/corpus/speaker_set.h"
#include "core/util/error.h"

namespace steerscope::cli {

namespace {

int int_option(const ArgParser& args, const std::string& name) {
  const int64_t v = args.get_int(name);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    throw UsageError("--" + name + " is out of range: " + std::to_string(v));
  return static_cast<int>(v);
}

std::string hours(double seconds) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << seconds / 3600.0;
  return os.str();
}

int run_corpus(int argc, char** argv) {
  const CorpusOptions defaults;
  ArgParser args(
      "corpus",
      "Generate the demo's synthetic speech corpus with espeak-ng: 16 kHz WAV files, TextGrid phone\n"
      "and word alignments, manifest.tsv, corpus.json and lm_text.txt. Dictation sentences and\n"
      "spoken commands with their function calls (set_timer(minutes=10), ...), spoken by built-in\n"
      "voices; one speaker is held out for its own test split, and validation and test sentences\n"
      "never occur in train. The same options give byte-identical files. The defaults (3900\n"
      "utterances, 2.6 hours of audio) take about 200 s of CPU time: 2 minutes with --jobs 2.");
  args.add_option("out", "DIR", "Output directory (must not exist or be empty)");
  args.add_option("seed", "N", "Random seed", std::to_string(defaults.seed));
  args.add_option("train", "N", "Training utterances", std::to_string(defaults.train));
  args.add_option("validation", "N", "Validation utterances", std::to_string(defaults.validation));
  args.add_option("test", "N", "Test utterances (training speakers)", std::to_string(defaults.test));
  args.add_option("test-heldout-speaker", "N",
                  "Utterances of the held-out speaker (the first N test sentences)",
                  std::to_string(defaults.test_heldout_speaker));
  std::ostringstream fraction;
  fraction << defaults.commands_fraction;
  args.add_option("commands-fraction", "F", "Share of spoken commands in each split (0-1)", fraction.str());
  args.add_option(
      "speakers", "N",
      "Speakers, the held-out one included (2-" + std::to_string(SpeakerSet::max_builtin_speakers()) + ")",
      std::to_string(defaults.speakers));
  args.add_option("lm-extra", "N", "Extra generated training-side items for lm_text.txt",
                  std::to_string(defaults.lm_extra));
  args.add_option("jobs", "N", "Utterances synthesised in parallel (does not change the output)", "2");
  args.add_flag("quiet", "No progress on stderr");
  if (!args.parse(argc, argv)) return 0;

  CorpusOptions options;
  const int64_t seed = args.get_int("seed");
  if (seed < 0) throw UsageError("--seed must be >= 0");
  options.seed = static_cast<uint64_t>(seed);
  options.train = int_option(args, "train");
  options.validation = int_option(args, "validation");
  options.test = int_option(args, "test");
  options.test_heldout_speaker = int_option(args, "test-heldout-speaker");
  options.commands_fraction = args.get_double("commands-fraction");
  options.speakers = int_option(args, "speakers");
  options.lm_extra = int_option(args, "lm-extra");
  const int jobs = int_option(args, "jobs");
  if (jobs < 1 || jobs > 64) throw UsageError("--jobs must be in [1, 64]");
  try {
    options.validate();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const std::string out = args.get("out");
  const bool quiet = args.has("quiet");

  const auto start = std::chrono::steady_clock::now();
  int last_percent = -1;
  auto progress = [&](int done, int total) {
    const int percent = total > 0 ? done * 100 / total : 100;
    if (!quiet && percent / 5 != last_percent / 5) {
      last_percent = percent;
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << "corpus: " << done << "/" << total << " utterances (" << percent << "%, " << std::fixed
                << std::setprecision(0) << elapsed << " s)\n";
    }
    return true;
  };
  const CorpusSummary summary = CorpusBuilder(options).build(out, jobs, progress);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::cout << "corpus: " << out << " (seed " << options.seed << ", espeak-ng " << summary.espeak_version
            << ")\n";
  std::cout << std::left << std::setw(22) << "split" << std::right << std::setw(10) << "dictation"
            << std::setw(10) << "command" << std::setw(8) << "total" << std::setw(8) << "hours"
            << "\n";
  int dictation = 0, commands = 0;
  for (const auto& s : summary.splits) {
    std::cout << std::left << std::setw(22) << s.split << std::right << std::setw(10) << s.dictation
              << std::setw(10) << s.commands << std::setw(8) << s.dictation + s.commands << std::setw(8)
              << hours(s.audio_s) << "\n";
    dictation += s.dictation;
    commands += s.commands;
  }
  std::cout << std::left << std::setw(22) << "all" << std::right << std::setw(10) << dictation
            << std::setw(10) << commands << std::setw(8) << summary.utterances << std::setw(8)
            << hours(summary.audio_s) << "\n";
  std::cout << "speakers: " << options.speakers - 1
            << " training + 1 held out; vocabulary: " << summary.vocabulary_size
            << " words; phones: " << summary.distinct_phones << "; lm_text.txt: " << summary.lm_text_lines
            << " lines\n";
  std::cout << "wall time: " << std::fixed << std::setprecision(1) << wall_s << " s (" << jobs
            << (jobs == 1 ? " job" : " jobs") << ")\n";
  return 0;
}

CommandRegistration registration{"corpus", "Generate the demo's synthetic speech corpus (espeak-ng)",
                                 run_corpus};

}  // namespace

}  // namespace steerscope::cli
