// steerscope-cli record and merge, end to end on the fixture models: a recording read back holds exactly
// what the pipeline computes; bad files are reported and skipped; shards merged equal an unsharded run;
// resuming with other options is refused; progress lines are written when stderr is not a terminal.
// The crash test (SIGKILL, then --resume) is in test_cli_record_crash.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "core/io/corpus_shard.h"
#include "core/io/recording_reader.h"
#include "core/io/rttm_file.h"
#include "core/io/textgrid.h"
#include "core/pipeline/steered_pipeline.h"
#include "core/util/sha256.h"
#include "tests/app/record_test_corpus.h"

namespace fs = std::filesystem;
using namespace steerscope;
using test::RecordTestCorpus;

TEST(CliRecord, RoundTripEveryDatasetEqualsWhatThePipelineComputes) {
  RecordTestCorpus corpus("cli-record-roundtrip");
  corpus.add("c0", "clip0", "spk_a", "he hoped there would be stew");
  corpus.add("c1", "clip1", "spk_b", "");
  corpus.add("c2", "clip2", "", "short");
  fs::copy_file(test::data_path("alignments/mfa_words_phones.TextGrid"), corpus.dir / "align/c0.TextGrid");
  corpus.set_align("c0", "align/c0.TextGrid");
  // A diarisation next to c1's audio (sidecar) names its speaker, over the manifest's column.
  test::write_text(corpus.dir / "wav/c1.rttm", "SPEAKER c1 1 0.2 1.5 <NA> <NA> zed <NA> <NA>\n");
  corpus.write_manifest();

  const auto out = corpus.dir / "run.h5";
  auto r = test::run_cli("record " + test::fixture_models() + " " + test::decoder_options() + " --manifest " +
                         corpus.manifest().string() +
                         " --speaker-column speaker --text-column text --align-column align" + " --out " +
                         out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recorded 3 of 3 utterances into " + out.string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("real-time factor"), std::string::npos) << r.out;

  // What the pipeline computes, here, with the same models and settings.
  set_compute_threads(1);
  auto pipeline = SteeredPipeline::load(test::fixture_config(true));
  GenerationSettings settings = pipeline->default_generation();
  settings.max_new_tokens = 8;

  RecordingReader rec(out.string());
  ASSERT_EQ(rec.ids(), (std::vector<std::string>{"c0", "c1", "c2"}));
  for (const auto& id : rec.ids()) {
    SCOPED_TRACE(id);
    const UtteranceRecord u = rec.read(id);
    const std::string audio = (corpus.dir / ("wav/" + id + ".wav")).string();
    AudioStream stream(audio);
    EncodeOptions eo;
    eo.keep_log_mel = true;
    const EncodedUtterance enc = pipeline->encoder().encode(stream, eo);
    Conversation conversation(pipeline, enc.audio_prompts, PromptLayout::kReference);
    const GenerationResult g = conversation.ask_ids(test::prompt_ids(), settings);

    EXPECT_EQ(u.source_path, audio);
    EXPECT_EQ(u.source_sha256, sha256_file(audio));
    EXPECT_EQ(u.source_sample_rate, 16000);
    EXPECT_DOUBLE_EQ(u.duration_s, stream.info().duration_s());
    EXPECT_EQ(u.log_mel, enc.log_mel);
    EXPECT_DOUBLE_EQ(u.log_mel_frame_rate_hz, 100.0);
    EXPECT_EQ(u.layers, enc.routing);
    ASSERT_TRUE(u.output.has_value());
    EXPECT_EQ(u.output->token_ids, g.token_ids);
    EXPECT_EQ(u.output->token_logprobs, g.token_logprobs);
    EXPECT_EQ(u.output->text, g.text);
    EXPECT_GT(u.output->encoder_ms, 0.0);
    EXPECT_GT(u.output->total_ms, u.output->encoder_ms);
  }
  EXPECT_EQ(rec.read("c0").speaker, "spk_a");
  EXPECT_EQ(rec.read("c0").reference_text, "he hoped there would be stew");
  EXPECT_EQ(rec.read("c0").tiers, read_textgrid(test::data_path("alignments/mfa_words_phones.TextGrid")));
  EXPECT_EQ(rec.read("c1").speaker, "zed");
  EXPECT_EQ(rec.read("c1").tiers,
            std::vector<AlignmentTier>{read_rttm((corpus.dir / "wav/c1.rttm").string()).at("c1")});
  EXPECT_EQ(rec.read("c2").speaker, "");
  EXPECT_TRUE(rec.read("c2").tiers.empty());

  // The run's metadata is complete.
  const RunInfo& run = rec.run_info();
  EXPECT_FALSE(run.tool_version.empty());
  ASSERT_EQ(run.checkpoints.size(), 3u);
  EXPECT_EQ(run.checkpoints[0].sha256,
            sha256_file(test::data_path("fixtures/whisper_tiny/model.safetensors")));
  EXPECT_EQ(run.checkpoints[1].sha256,
            sha256_file(test::data_path("fixtures/steermoe_ckpt/steering.safetensors")));
  EXPECT_EQ(run.checkpoints[2].sha256, sha256_file(test::data_path("fixtures/qwen2_tiny/model.safetensors")));
  EXPECT_EQ(run.dtype, "fp32");
  EXPECT_EQ(run.device, "cpu");
  EXPECT_EQ(run.pooling, "max k=4 after layer 4");
  EXPECT_EQ(run.padding, "30s");
  EXPECT_EQ(run.prompt_layout, "reference");
  EXPECT_EQ(nlohmann::json::parse(run.generation_json)["max_new_tokens"], 8);
  EXPECT_EQ(nlohmann::json::parse(run.extra.at("prompt_ids")).get<std::vector<int64_t>>(),
            test::prompt_ids());
  EXPECT_EQ(run.extra.at("shard"), "1/1");
  EXPECT_EQ(run.extra.at("corpus"), corpus.manifest().string());
  EXPECT_EQ(run.command_line.rfind("steerscope-cli record --encoder ", 0), 0u) << run.command_line;
  EXPECT_NE(run.command_line.find("--out " + out.string()), std::string::npos) << run.command_line;
  EXPECT_TRUE(std::regex_match(run.start_time, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << run.start_time;
  const ModelConstants& c = rec.model_constants();
  EXPECT_EQ(c.layers, 4);
  EXPECT_EQ(c.experts, 8);
  EXPECT_EQ(c.dim, 64);
  const SteeringCheckpoint ckpt =
      SteeringCheckpoint::load(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  const auto vectors = ckpt.steering_vectors().contiguous();
  EXPECT_EQ(c.steering_vectors,
            std::vector<float>(vectors.data_ptr<float>(), vectors.data_ptr<float>() + vectors.numel()));
}

TEST(CliRecord, BadFilesAreReportedAndSkippedAndTheExitStatusSaysSo) {
  RecordTestCorpus corpus("cli-record-bad");
  corpus.add("good0", "clip0");
  corpus.add_file("broken", "wav/broken.wav", "this is not audio");
  corpus.add_missing("missing", "wav/missing.flac");
  corpus.add("badalign", "clip2");
  fs::copy_file(test::data_path("alignments/bad_overlap.TextGrid"), corpus.dir / "align/bad.TextGrid");
  corpus.set_align("badalign", "align/bad.TextGrid");
  corpus.add("good1", "clip1");
  corpus.write_manifest();
  const auto out = corpus.dir / "run.h5";
  auto r = test::run_cli("record " + test::fixture_models() + " --manifest " + corpus.manifest().string() +
                         " --align-column align --out " + out.string() + " --progress-interval 0");
  EXPECT_EQ(r.exit_code, 3) << "finished, with failures\n" << r.err;
  EXPECT_NE(r.out.find("recorded 2 of 5 utterances"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("failed 3:"), std::string::npos) << r.out;
  for (const std::string& bad : {"broken: " + (corpus.dir / "wav/broken.wav").string(),
                                 "missing: " + (corpus.dir / "wav/missing.flac").string(),
                                 "badalign: " + (corpus.dir / "align/bad.TextGrid").string() + ": line"}) {
    EXPECT_NE(r.out.find("  " + bad), std::string::npos) << "summary: " << bad << "\n" << r.out;
    EXPECT_NE(r.err.find("failed: " + bad), std::string::npos) << "as it happened: " << bad << "\n" << r.err;
  }
  EXPECT_EQ(RecordingReader(out.string()).ids(), (std::vector<std::string>{"good0", "good1"}));
  // Plain progress lines (stderr is not a terminal), one per utterance with --progress-interval 0.
  for (int k = 1; k <= 5; ++k)
    EXPECT_NE(r.err.find("record " + std::to_string(k) + "/5 ("), std::string::npos) << k << "\n" << r.err;
  EXPECT_NE(r.err.find("failed 3"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no in-place redraws off a terminal";
}

TEST(CliRecord, TwoShardsMergedEqualOneUnshardedRun) {
  RecordTestCorpus corpus("cli-record-shards");
  const char* clips[] = {"clip0", "clip1", "clip2"};
  for (int i = 0; i < 8; ++i)
    corpus.add("utt" + std::to_string(i), clips[i % 3], "s" + std::to_string(i % 2));
  corpus.write_manifest();
  size_t in_first = 0;
  for (int i = 0; i < 8; ++i) in_first += CorpusShard{1, 2}.contains("utt" + std::to_string(i)) ? 1 : 0;
  ASSERT_GT(in_first, 0u);
  ASSERT_LT(in_first, 8u) << "choose ids that fall into both shards";

  const std::string base = "record " + test::fixture_models() + " " + test::decoder_options() +
                           " --manifest " + corpus.manifest().string() + " --speaker-column speaker";
  const auto whole = corpus.dir / "whole.h5", s1 = corpus.dir / "s1.h5", s2 = corpus.dir / "s2.h5",
             merged = corpus.dir / "merged.h5";
  for (const auto& [shard, path] : {std::pair<std::string, fs::path>{"", whole}, {"1/2", s1}, {"2/2", s2}}) {
    auto r = test::run_cli(base + (shard.empty() ? "" : " --shard " + shard) + " --out " + path.string());
    ASSERT_EQ(r.exit_code, 0) << shard << "\n" << r.err;
  }
  EXPECT_EQ(RecordingReader(s1.string()).size(), in_first);
  EXPECT_EQ(RecordingReader(s1.string()).run_info().extra.at("shard"), "1/2");
  auto m = test::run_cli("merge " + s1.string() + " " + s2.string() + " --out " + merged.string());
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NE(m.out.find("merged 8 utterances"), std::string::npos) << m.out;

  RecordingReader a(whole.string()), b(merged.string());
  ASSERT_EQ(b.size(), a.size());
  EXPECT_EQ(a.model_constants(), b.model_constants());
  EXPECT_EQ(a.run_info().checkpoints, b.run_info().checkpoints);
  EXPECT_EQ(a.run_info().generation_json, b.run_info().generation_json);
  for (const auto& id : a.ids()) {
    ASSERT_TRUE(b.find(id).has_value()) << id;
    EXPECT_EQ(test::without_timings(b.read(id)), test::without_timings(a.read(id))) << id;
  }
  EXPECT_EQ(nlohmann::json::parse(b.run_info().extra.at("merged_from")).size(), 2u);

  // Shards of one corpus never share an utterance; merging a file with itself is refused.
  auto twice =
      test::run_cli("merge " + s1.string() + " " + s1.string() + " --out " + (corpus.dir / "x.h5").string());
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("is in both"), std::string::npos) << twice.err;
  EXPECT_FALSE(fs::exists(corpus.dir / "x.h5"));
}

TEST(CliRecord, DirectoryModeFindsAudioSidecarsAndLibriSpeechSpeakers) {
  const auto dir = test::scratch_dir("cli-record-dir");
  fs::create_directories(dir / "corpus/1089/134686");
  fs::copy_file(test::data_path("fixtures/audio/clip0_16k.wav"),
                dir / "corpus/1089/134686/1089-134686-0000.wav");
  fs::copy_file(test::data_path("alignments/mfa_words_phones.TextGrid"),
                dir / "corpus/1089/134686/1089-134686-0000.TextGrid");
  fs::copy_file(test::data_path("fixtures/audio/clip1_orig_22050.wav"), dir / "corpus/top.wav");
  const auto out = dir / "run.h5";
  const std::string base =
      "record " + test::fixture_models() + " --dir " + (dir / "corpus").string() + " --out " + out.string();
  auto r = test::run_cli(base + " --recursive");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  RecordingReader rec(out.string());
  ASSERT_EQ(rec.ids(), (std::vector<std::string>{"1089/134686/1089-134686-0000.wav", "top.wav"}));
  const UtteranceRecord u = rec.read(0);
  EXPECT_EQ(u.speaker, "1089");
  EXPECT_EQ(u.tiers, read_textgrid(test::data_path("alignments/mfa_words_phones.TextGrid")));
  EXPECT_FALSE(u.output.has_value()) << "no --decoder";
  EXPECT_EQ(rec.read(1).source_sample_rate, 22050);
  EXPECT_TRUE(rec.run_info().prompt_layout.empty());

  // Without --recursive only the top level; an existing file needs --overwrite or --resume.
  auto exists = test::run_cli(base);
  EXPECT_EQ(exists.exit_code, 1);
  EXPECT_NE(exists.err.find("file exists"), std::string::npos) << exists.err;
  auto flat = test::run_cli(base + " --overwrite");
  ASSERT_EQ(flat.exit_code, 0) << flat.err;
  EXPECT_EQ(RecordingReader(out.string()).ids(), std::vector<std::string>{"top.wav"});
}

TEST(CliRecord, ResumeSkipsWhatIsDoneAndRefusesOtherSettings) {
  RecordTestCorpus corpus("cli-record-resume");
  corpus.add("a", "clip0");
  corpus.add("b", "clip2");
  corpus.write_manifest();
  const auto out = corpus.dir / "run.h5";
  const std::string base = "record " + test::fixture_models() + " --out " + out.string();
  // First only "a" (a one-line manifest), then the whole corpus with --resume.
  test::write_text(corpus.dir / "first.tsv", "id\tpath\na\twav/a.wav\n");
  ASSERT_EQ(test::run_cli(base + " --resume --manifest " + (corpus.dir / "first.tsv").string()).exit_code, 0)
      << "--resume without a file creates it";
  auto refused = test::run_cli(base + " --resume --padding none --manifest " + corpus.manifest().string());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("was recorded with padding 30s, this run has none"), std::string::npos)
      << refused.err;
  auto resumed = test::run_cli(base + " --resume --manifest " + corpus.manifest().string());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("recorded 1 of 1 utterance into"), std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find("skipped 1 already in the recording"), std::string::npos) << resumed.out;
  EXPECT_EQ(RecordingReader(out.string()).ids(), (std::vector<std::string>{"a", "b"}));

  // Usage errors.
  EXPECT_EQ(
      test::run_cli(base + " --manifest " + corpus.manifest().string() + " --dir " + corpus.dir.string())
          .exit_code,
      2);
  EXPECT_EQ(test::run_cli(base + " --manifest " + corpus.manifest().string() + " --shard 3/2").exit_code, 1);
  EXPECT_EQ(
      test::run_cli(base + " --manifest " + corpus.manifest().string() + " --max-new-tokens 3").exit_code, 2)
      << "generation options need --decoder";
}
