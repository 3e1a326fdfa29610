// CorpusRecorder over the fixture models: what it records equals what the pipeline computes (and, for the
// decoder, the reference's greedy ids); bad files are reported and skipped; a resumed run records each
// utterance once; cancellation leaves a consistent file; the run metadata and model constants are complete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/io/recording_reader.h"
#include "core/io/textgrid.h"
#include "core/pipeline/corpus_recorder.h"
#include "core/pipeline/run_metadata.h"
#include "core/util/error.h"
#include "core/util/npy_file.h"
#include "core/util/sha256.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

PipelineConfig fixture_config(bool with_decoder) {
  PipelineConfig c;
  c.encoder_dir = test::data_path("fixtures/whisper_tiny");
  c.steering_path = test::data_path("fixtures/steermoe_ckpt/steering.safetensors");
  if (with_decoder) c.decoder_dir = test::data_path("fixtures/qwen2_tiny");
  return c;
}

std::vector<int64_t> prompt_ids() {
  return read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy")).to_int64();
}

CorpusRecorderOptions decoder_options(const SteeredPipeline& p) {
  CorpusRecorderOptions o;
  o.prompt.ids = prompt_ids();
  o.generation = p.default_generation();
  o.generation.do_sample = false;
  o.generation.max_new_tokens = 8;
  return o;
}

CorpusEntry entry(const std::string& id, const std::string& path) {
  CorpusEntry s;
  s.id = id;
  s.audio_path = path;
  s.origin = path;
  return s;
}

std::string clip(const std::string& name) {
  return test::data_path("fixtures/audio/" + name + "_16k.wav");
}

RecordingWriter new_writer(const fs::path& path, const CorpusRecorder& r) {
  RecordingOptions o = r.recording_options();
  o.overwrite = true;
  return RecordingWriter::create(path.string(), r.describe_run(), r.model_constants(), o);
}

}  // namespace

TEST(CorpusRecorder, EncoderOnlyRecordsWhatTheEncoderComputes) {
  const PipelineConfig config = fixture_config(false);
  auto encoder = load_utterance_encoder(config);
  CorpusRecorder recorder(encoder, config);
  EXPECT_FALSE(recorder.has_decoder());
  CorpusEntry s = entry("c1", clip("clip1"));
  s.alignment_paths = {test::data_path("alignments/mfa_words_phones.TextGrid")};
  s.reference_text = "ref";
  const UtteranceRecord u = recorder.record_one(s);

  AudioStream stream(clip("clip1"));
  EncodeOptions eo;
  eo.keep_log_mel = true;
  const EncodedUtterance enc = encoder->encode(stream, eo);
  EXPECT_EQ(u.id, "c1");
  EXPECT_EQ(u.source_sha256, sha256_file(clip("clip1")));
  EXPECT_EQ(u.source_sample_rate, 16000);
  EXPECT_DOUBLE_EQ(u.duration_s, stream.info().duration_s());
  EXPECT_EQ(u.reference_text, "ref");
  EXPECT_EQ(u.log_mel, enc.log_mel);
  EXPECT_EQ(u.log_mel.rows, 80);
  EXPECT_DOUBLE_EQ(u.log_mel_frame_rate_hz, 100.0);
  ASSERT_EQ(u.layers.size(), 4u);
  EXPECT_EQ(u.layers, enc.routing);
  EXPECT_FALSE(u.output.has_value());
  EXPECT_EQ(u.tiers, read_textgrid(test::data_path("alignments/mfa_words_phones.TextGrid")));

  // Without the log-mel.
  CorpusRecorderOptions no_mel;
  no_mel.keep_log_mel = false;
  CorpusRecorder lean(encoder, config, no_mel);
  EXPECT_EQ(lean.recording_options().n_mels, 0);
  EXPECT_EQ(lean.record_one(s).log_mel.values.size(), 0u);
  EXPECT_EQ(recorder.recording_options().n_mels, 80);
}

TEST(CorpusRecorder, DecoderOutputReproducesTheReferenceGreedyIds) {
  auto pipeline = SteeredPipeline::load(fixture_config(true));
  CorpusRecorder recorder(pipeline, decoder_options(*pipeline));
  ASSERT_TRUE(recorder.has_decoder());
  for (const char* name : {"clip0", "clip1", "clip2"}) {
    const UtteranceRecord u = recorder.record_one(entry(name, clip(name)));
    ASSERT_TRUE(u.output.has_value()) << name;
    EXPECT_EQ(u.output->token_ids, read_npy(test::data_path(std::string("fixtures/expected/") + name +
                                                            ".padded.greedy_ids.qwen2_tiny.npy"))
                                       .to_int64())
        << name;
    EXPECT_EQ(u.output->token_logprobs.size(), 8u);
    EXPECT_EQ(u.output->prompt, "") << "the prompt was given as ids (run.extra prompt_ids)";
    EXPECT_GT(u.output->encoder_ms, 0.0);
    EXPECT_GE(u.output->total_ms, u.output->encoder_ms + u.output->first_token_ms);
  }
  // Text prompts need a tokenizer, which the fixture decoder lacks.
  CorpusRecorderOptions text_prompt = decoder_options(*pipeline);
  text_prompt.prompt.ids.clear();
  EXPECT_THROW(CorpusRecorder(pipeline, text_prompt), Error);
  CorpusRecorderOptions chat = decoder_options(*pipeline);
  chat.prompt.layout = PromptLayout::kChatML;
  EXPECT_THROW(CorpusRecorder(pipeline, chat), Error);
}

TEST(CorpusRecorder, RunInfoAndModelConstantsDescribeTheModels) {
  auto pipeline = SteeredPipeline::load(fixture_config(true));
  CorpusRecorderOptions o = decoder_options(*pipeline);
  o.interventions.push_back(Intervention::parse("ablate", "1:3"));
  CorpusRecorder recorder(pipeline, o);
  const RunInfo run = recorder.describe_run();
  EXPECT_FALSE(run.tool_version.empty());
  EXPECT_TRUE(std::regex_match(run.start_time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << run.start_time;
  ASSERT_EQ(run.checkpoints.size(), 3u);
  EXPECT_EQ(run.checkpoints[0].role, "encoder");
  EXPECT_EQ(run.checkpoints[0].sha256,
            sha256_file(test::data_path("fixtures/whisper_tiny/model.safetensors")));
  EXPECT_EQ(run.checkpoints[1].role, "steering");
  EXPECT_EQ(run.checkpoints[1].path, test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  EXPECT_EQ(run.checkpoints[1].sha256,
            sha256_file(test::data_path("fixtures/steermoe_ckpt/steering.safetensors")));
  EXPECT_EQ(run.checkpoints[2].role, "decoder");
  EXPECT_EQ(run.checkpoints[2].sha256, sha256_file(test::data_path("fixtures/qwen2_tiny/model.safetensors")));
  EXPECT_EQ(run.dtype, "fp32");
  EXPECT_EQ(run.device, "cpu");
  EXPECT_EQ(run.pooling, "max k=4 after layer 4");
  EXPECT_EQ(run.padding, "30s");
  EXPECT_EQ(run.prompt_layout, "reference");
  EXPECT_EQ(nlohmann::json::parse(run.generation_json)["max_new_tokens"], 8);
  EXPECT_EQ(nlohmann::json::parse(run.extra.at("prompt_ids")).get<std::vector<int64_t>>(), prompt_ids());
  EXPECT_EQ(nlohmann::json::parse(run.extra.at("interventions")).size(), 1u);
  EXPECT_EQ(run.extra.at("apply_steering"), "true");

  // Constants straight from the checkpoint's tensors.
  const SteeringCheckpoint ckpt =
      SteeringCheckpoint::load(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  const ModelConstants c = recorder.model_constants();
  EXPECT_EQ(c.layers, 4);
  EXPECT_EQ(c.experts, 8);
  EXPECT_EQ(c.dim, 64);
  ASSERT_EQ(c.steering_vectors.size(), size_t(4 * 8 * 64));
  EXPECT_EQ(c.steering_vectors[5 * 64 + 7], ckpt.steering_vectors()[0][5][7].item<float>());
  EXPECT_EQ(c.layer_scales[2], ckpt.layer_scales()[2].item<float>());
  ASSERT_EQ(c.router_weight_norms.size(), 32u);
  const auto row = ckpt.router_weight()[2 * 8 + 3];  // layer 2, expert 3
  EXPECT_NEAR(c.router_weight_norms[2 * 8 + 3], std::sqrt((row * row).sum().item<double>()), 1e-5);

  EXPECT_EQ(checkpoint_weights_file(test::data_path("fixtures/qwen2_tiny")),
            test::data_path("fixtures/qwen2_tiny") + "/model.safetensors");
  EXPECT_THROW(checkpoint_weights_file(test::data_path("fixtures/audio")), Error);
}

TEST(CorpusRecorder, BadFilesAreReportedAndSkippedAndResumeRecordsEachUtteranceOnce) {
  const auto dir = test::scratch_dir("corpus-recorder");
  std::ofstream(dir / "garbage.wav") << "not audio at all";
  const PipelineConfig config = fixture_config(false);
  CorpusRecorder recorder(load_utterance_encoder(config), config);
  const std::vector<CorpusEntry> entries = {
      entry("a", clip("clip0")), entry("garbage", (dir / "garbage.wav").string()), entry("b", clip("clip1")),
      entry("missing", (dir / "missing.wav").string()), entry("c", clip("clip2"))};
  const fs::path path = dir / "run.h5";
  std::vector<CorpusRecordingProgress> reports;
  std::vector<std::string> failure_ids;
  {
    RecordingWriter w = new_writer(path, recorder);
    w.write(recorder.record_one(entries[0]));  // as if an earlier run had recorded "a"
    const auto summary = recorder.record(entries, w, [&](const CorpusRecordingProgress& p) {
      reports.push_back(p);
      if (p.failure) failure_ids.push_back(p.failure->id);
      return true;
    });
    w.close();
    EXPECT_EQ(summary.entries, 5u);
    EXPECT_EQ(summary.already_recorded, 1u);
    EXPECT_EQ(summary.recorded, 2u);
    ASSERT_EQ(summary.failures.size(), 2u);
    EXPECT_EQ(summary.failures[0].id, "garbage");
    EXPECT_NE(summary.failures[0].reason.find("garbage.wav"), std::string::npos)
        << summary.failures[0].reason;
    EXPECT_EQ(summary.failures[1].id, "missing");
    EXPECT_NE(summary.failures[1].reason.find("missing.wav"), std::string::npos)
        << summary.failures[1].reason;
    EXPECT_NEAR(summary.audio_s, 2.96 + 1.04, 0.02);
    EXPECT_GT(summary.real_time_factor(), 0.0);
  }
  EXPECT_EQ(failure_ids, (std::vector<std::string>{"garbage", "missing"}));
  ASSERT_EQ(reports.size(), 4u) << "one report per utterance tried";
  EXPECT_EQ(reports.back().total, 4u);
  EXPECT_EQ(reports.back().recorded, 2u);
  EXPECT_EQ(reports.back().failed, 2u);
  for (size_t i = 1; i < reports.size(); ++i)
    EXPECT_EQ(reports[i].recorded + reports[i].failed, reports[i - 1].recorded + reports[i - 1].failed + 1);

  // Resuming retries only the failures; once they are fixed, every utterance is there once.
  fs::copy_file(clip("clip2"), dir / "garbage.wav", fs::copy_options::overwrite_existing);
  fs::copy_file(clip("clip0"), dir / "missing.wav");
  RecordingWriter again = RecordingWriter::append(path.string());
  recorder.check_same_models(again, recorder.describe_run());
  const auto second = recorder.record(entries, again);
  again.close();
  EXPECT_EQ(second.already_recorded, 3u);
  EXPECT_EQ(second.recorded, 2u);
  EXPECT_TRUE(second.failures.empty());
  RecordingReader r(path.string());
  EXPECT_EQ(r.ids(), (std::vector<std::string>{"a", "b", "c", "garbage", "missing"}));
  EXPECT_EQ(r.read("b"), recorder.record_one(entries[2]))
      << "timings aside (none without a decoder), identical";
}

TEST(CorpusRecorder, CancellationFinishesTheWriteInFlightAndLeavesAConsistentFile) {
  const auto dir = test::scratch_dir("corpus-recorder-cancel");
  const PipelineConfig config = fixture_config(false);
  CorpusRecorder recorder(load_utterance_encoder(config), config);
  std::vector<CorpusEntry> entries;
  for (int i = 0; i < 4; ++i) entries.push_back(entry("u" + std::to_string(i), clip("clip2")));
  RecordingWriter w = new_writer(dir / "run.h5", recorder);
  EXPECT_THROW(recorder.record(entries, w, [](const CorpusRecordingProgress& p) { return p.recorded < 2; }),
               Cancelled);
  w.close();
  RecordingReader r((dir / "run.h5").string());
  EXPECT_EQ(r.ids(), (std::vector<std::string>{"u0", "u1"}));
}

TEST(CorpusRecorder, ResumingWithOtherSettingsOrModelsIsRefused) {
  const auto dir = test::scratch_dir("corpus-recorder-refuse");
  PipelineConfig config = fixture_config(false);
  CorpusRecorder recorder(load_utterance_encoder(config), config);
  new_writer(dir / "run.h5", recorder).close();
  RecordingWriter w = RecordingWriter::append((dir / "run.h5").string());
  EXPECT_NO_THROW(recorder.check_same_models(w, recorder.describe_run()));

  config.padding = MelPadding::kNone;
  CorpusRecorder unpadded(load_utterance_encoder(config), config);
  try {
    unpadded.check_same_models(w, unpadded.describe_run());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("was recorded with padding 30s, this run has none"),
              std::string::npos)
        << e.what();
  }
  RunInfo other_steering = recorder.describe_run();
  other_steering.checkpoints[1].sha256 = std::string(64, '0');
  EXPECT_THROW(recorder.check_same_models(w, other_steering), Error);
  CorpusRecorderOptions ablate;
  ablate.interventions.push_back(Intervention::parse("ablate", "0:1"));
  CorpusRecorder ablating(load_utterance_encoder(fixture_config(false)), fixture_config(false), ablate);
  EXPECT_THROW(ablating.check_same_models(w, ablating.describe_run()), Error);

  // And a recording needs router traces.
  PipelineConfig baseline = fixture_config(false);
  baseline.apply_steering = false;
  EXPECT_THROW(CorpusRecorder(load_utterance_encoder(baseline), baseline), Error);
  PipelineConfig plain = fixture_config(false);
  plain.steering_path.clear();
  EXPECT_THROW(CorpusRecorder(load_utterance_encoder(plain), plain), Error);
}
