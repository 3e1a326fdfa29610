// steerscope-cli merge: join recordings written in shards (record --shard K/N) into one file. The work is
// merge_recordings (core/io/recording_merge.h), which checks that the shards come from one model.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "app/cli/progress_bar.h"
#include "core/io/recording_merge.h"
#include "core/io/recording_reader.h"

namespace steerscope::cli {
namespace {

int run_merge(int argc, char** argv) {
  ArgParser args(
      "merge",
      "Join recordings (e.g. the shards of `record --shard K/N`) into one: every complete "
      "utterance of each input, in the order given. The inputs must come from the same model "
      "(steering constants, checkpoint sha256, log-mel size) and must not share utterance ids; the "
      "output keeps the first input's run information and lists every input under merged_from.");
  args.add_positional("inputs", "Recordings to join", /*required=*/true, /*repeated=*/true);
  args.add_option("out", "FILE.h5", "The merged recording");
  args.add_flag("overwrite", "Replace an existing --out");
  if (!args.parse(argc, argv)) return 0;
  if (!args.has("out")) throw UsageError("missing required option --out");
  const auto inputs = args.get_all("inputs");
  const std::string out = args.get("out");

  ProgressBarOptions bar_options;
  bar_options.label = "merge";
  bar_options.unit = "utt";
  bar_options.terminal = ProgressBar::is_terminal(STDERR_FILENO);
  ProgressBar bar(std::cerr, 0, bar_options);
  MergeOptions options;
  options.overwrite = args.has("overwrite");
  options.progress = [&](size_t done, size_t total) {
    bar.set_total(total);
    bar.update(done);
  };
  merge_recordings(inputs, out, options);
  bar.finish();
  const RecordingReader merged(out);
  double audio_s = 0.0;
  for (const auto& info : merged.infos()) audio_s += info.duration_s;
  std::printf("merged %zu utterances (%.4f h of audio) from %zu recording%s into %s\n", merged.size(),
              audio_s / 3600.0, inputs.size(), inputs.size() == 1 ? "" : "s", out.c_str());
  return 0;
}

CommandRegistration reg{"merge", "Join recordings (shards of record --shard) into one file", run_merge};

}  // namespace
}  // namespace steerscope::cli
