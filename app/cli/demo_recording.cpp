#include "app/cli/demo_recording.h"

#include <filesystem>

#include "core/io/corpus_entry.h"
#include "core/io/manifest_table.h"
#include "core/train/demo_recipe.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace steerscope::cli {

std::shared_ptr<const SteeredPipeline> load_demo_pipeline(const DemoBundle& bundle) {
  PipelineConfig config;
  config.encoder_dir = bundle.encoder_dir();
  config.steering_path = bundle.steering_path(true);
  config.decoder_dir = bundle.decoder_dir();
  return SteeredPipeline::load(config);
}

CorpusRecordingSummary record_demo_clips(const DemoBundle& bundle, std::shared_ptr<const SteeredPipeline> pipeline,
                                         const std::string& out_path, const std::string& command_line) {
  ManifestColumns columns;
  columns.id = "id";
  columns.path = "path";
  columns.text = "text";
  columns.speaker = "speaker";
  columns.alignments = {"alignment"};
  const auto entries = corpus_entries_from_manifest(ManifestTable::read(bundle.clips_manifest()), columns, false);

  CorpusRecorderOptions options;
  options.prompt.text = bundle.asr_prompt();
  options.generation = DemoRecipe::decoding(*pipeline);
  CorpusRecorder recorder(std::move(pipeline), options);

  RunInfo run = recorder.describe_run();
  run.command_line = command_line;
  run.extra["corpus"] = bundle.clips_manifest();
  run.extra["demo_bundle"] = bundle.dir();

  const std::string partial = out_path + ".partial";
  RecordingOptions recording_options = recorder.recording_options();
  recording_options.overwrite = true;
  CorpusRecordingSummary summary;
  {
    RecordingWriter writer = RecordingWriter::create(partial, run, recorder.model_constants(), recording_options);
    summary = recorder.record(entries, writer);
    writer.close();
  }
  if (!summary.failures.empty()) {
    fs::remove(partial);
    const auto& f = summary.failures.front();
    throw Error(f.source + ": " + f.reason);
  }
  fs::rename(partial, out_path);
  return summary;
}

}  // namespace steerscope::cli
