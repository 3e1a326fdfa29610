// steerscope-cli intervene on a recording made here with the fixture models (whisper_tiny, steermoe_ckpt,
// qwen2_tiny; the decoder has no tokenizer, so prompts are token ids): the recording is written with
// RecordingWriter from the pipeline's own outputs, then its audio is run again with an intervention.
// Scaling every layer's steering by 1 must change nothing at all; ablating an expert must leave the
// layers before it untouched, zero the expert's load where it is ablated and move the routing of every
// later layer.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/audio_file.h"
#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/model/execution_config.h"
#include "core/pipeline/steered_pipeline.h"
#include "core/util/sha256.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

const std::vector<int64_t> kPromptIds = {101, 7, 333, 42, 256, 18};
const char* const kPromptIdsOption = " --prompt-ids 101,7,333,42,256,18";

std::string models() {
  return " --encoder " + test::data_path("fixtures/whisper_tiny") + " --steering " +
         test::data_path("fixtures/steermoe_ckpt/steering.safetensors") + " --decoder " +
         test::data_path("fixtures/qwen2_tiny");
}

ModelConstants constants_of(const SteeringCheckpoint& s) {
  ModelConstants c;
  const torch::Tensor v = s.steering_vectors().to(torch::kFloat).contiguous();  // [L, E, D]
  c.layers = int(v.size(0));
  c.experts = int(v.size(1));
  c.dim = int(v.size(2));
  c.steering_vectors.assign(v.data_ptr<float>(), v.data_ptr<float>() + v.numel());
  const torch::Tensor scales = s.layer_scales().to(torch::kFloat).contiguous();
  c.layer_scales.assign(scales.data_ptr<float>(), scales.data_ptr<float>() + scales.numel());
  const torch::Tensor norms = s.router_weight().to(torch::kFloat).norm(2, 1).contiguous();  // [L*E]
  c.router_weight_norms.assign(norms.data_ptr<float>(), norms.data_ptr<float>() + norms.numel());
  return c;
}

// Records the three fixture clips (30 s padding, greedy, 8 tokens) as `record` would, one thread so that
// the CLI's re-run (--threads 1) computes bit for bit the same. Without outputs if with_output is false.
void make_recording(const std::string& path, const fs::path& audio_dir, bool with_output) {
  set_compute_threads(1);
  PipelineConfig config;
  config.encoder_dir = test::data_path("fixtures/whisper_tiny");
  config.steering_path = test::data_path("fixtures/steermoe_ckpt/steering.safetensors");
  config.decoder_dir = test::data_path("fixtures/qwen2_tiny");
  const auto pipeline = SteeredPipeline::load(config);
  GenerationSettings generation = pipeline->default_generation();
  generation.do_sample = false;
  generation.max_new_tokens = 8;
  RunInfo run;
  run.tool_version = "test";
  run.padding = config.padding_name();
  run.prompt_layout = "reference";
  run.generation_json = generation.to_json();
  RecordingOptions options;
  options.overwrite = true;
  RecordingWriter writer =
      RecordingWriter::create(path, run, constants_of(*pipeline->encoder().encoder().steering()), options);
  for (const char* clip : {"clip0", "clip1", "clip2"}) {
    const std::string audio = (audio_dir / (std::string(clip) + "_16k.wav")).string();
    AudioStream stream(audio, 16000);
    EncodeOptions eo;
    eo.padding = config.padding;
    EncodedUtterance enc = pipeline->encoder().encode(stream, eo);
    UtteranceRecord u;
    u.id = clip;
    u.source_path = audio;
    u.source_sha256 = sha256_file(audio);
    u.source_sample_rate = stream.info().sample_rate;
    u.duration_s = stream.info().duration_s();
    u.layers = std::move(enc.routing);
    if (with_output) {
      Conversation conversation(pipeline, enc.audio_prompts, PromptLayout::kReference);
      const GenerationResult r = conversation.ask_ids(kPromptIds, generation);
      u.output = GeneratedText{};
      u.output->text = r.text;
      u.output->token_ids = r.token_ids;
      u.output->token_logprobs = r.token_logprobs;
    }
    writer.write(u);
  }
  writer.close();
}

class CliIntervene : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(test::scratch_dir("cli-intervene"));
    // The audio is copied so that a test can change it without touching the fixtures.
    fs::create_directories(*dir_ / "audio");
    for (const char* clip : {"clip0", "clip1", "clip2"})
      fs::copy_file(test::data_path(std::string("fixtures/audio/") + clip + "_16k.wav"),
                    *dir_ / "audio" / (std::string(clip) + "_16k.wav"));
    make_recording((*dir_ / "run.h5").string(), *dir_ / "audio", true);
    make_recording((*dir_ / "routing_only.h5").string(), *dir_ / "audio", false);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string recording() { return (*dir_ / "run.h5").string(); }
  static fs::path* dir_;
};

fs::path* CliIntervene::dir_ = nullptr;

nlohmann::json run_json(const std::string& args) {
  auto r = test::run_cli("intervene " + args + " --threads 1 --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

TEST_F(CliIntervene, ScalingEverySteeringByOneChangesNothing) {
  const auto j = run_json(recording() + models() + kPromptIdsOption + " --scale-steering all:1");
  ASSERT_FALSE(j.is_null());
  EXPECT_EQ(j["utterances"], 3);
  EXPECT_EQ(j["original_transcripts_from"], "recording");
  ASSERT_EQ(j["layers"].size(), 4u);
  for (const auto& layer : j["layers"]) {
    EXPECT_EQ(layer["js_divergence_bits"].get<double>(), 0.0) << layer["layer"];
    EXPECT_EQ(layer["dominant_agreement"].get<double>(), 1.0) << layer["layer"];
    EXPECT_EQ(layer["load_total_variation"].get<double>(), 0.0) << layer["layer"];
    EXPECT_GT(layer["frames"].get<int64_t>(), 0);
  }
  const auto& t = j["transcripts"];
  EXPECT_EQ(t["utterances"], 3);
  EXPECT_EQ(t["identical_tokens"], 3);
  EXPECT_EQ(t["tokens_against_original"]["errors"], 0);
  EXPECT_EQ(t["tokens_against_original"]["reference_length"], 24);  // 3 x 8 tokens
}

TEST_F(CliIntervene, AblatingAnExpertMovesTheRoutingDownstreamOnly) {
  // The expert that carries the most load at layer 1 of the recorded run.
  const auto plain = run_json(recording() + models() + kPromptIdsOption + " --scale-steering all:1");
  ASSERT_FALSE(plain.is_null());
  const auto load = plain["layers"][1]["mean_probability_by_expert_original"].get<std::vector<double>>();
  const int expert = int(std::max_element(load.begin(), load.end()) - load.begin());

  const fs::path csv = *dir_ / "ablate-csv";
  auto r = test::run_cli("intervene " + recording() + models() + kPromptIdsOption +
                         " --threads 1 --ablate 1:" + std::to_string(expert) + " --csv " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("intervention: ablate expert " + std::to_string(expert) + " at layer 1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Routing shift per layer"), std::string::npos) << r.out;

  const auto j =
      run_json(recording() + models() + kPromptIdsOption + " --ablate 1:" + std::to_string(expert));
  ASSERT_FALSE(j.is_null());
  const auto& layers = j["layers"];
  EXPECT_EQ(layers[0]["js_divergence_bits"].get<double>(), 0.0) << "layer 0 runs before the ablation";
  EXPECT_EQ(layers[1]["mean_probability_by_expert_intervened"][size_t(expert)].get<double>(), 0.0);
  EXPECT_GT(layers[1]["js_divergence_bits"].get<double>(), 1e-3);
  for (size_t l = 2; l < 4; ++l) {
    EXPECT_GT(layers[l]["js_divergence_bits"].get<double>(), 1e-9) << "layer " << l << " is downstream";
    EXPECT_GT(layers[l]["load_total_variation"].get<double>(), 0.0) << "layer " << l;
  }
  EXPECT_EQ(j["transcripts"]["utterances"], 3);

  // The CSV tables hold the same numbers.
  const std::string shift = test::read_text_file((csv / "routing_shift.csv").string());
  EXPECT_EQ(shift.substr(0, shift.find('\n')),
            "layer,frames,js_bits,dominant_agreement,load_total_variation,max_load_change,"
            "mean_frame_entropy_original_nats,mean_frame_entropy_intervened_nats");
  EXPECT_NE(shift.find("\n0,"), std::string::npos);
  EXPECT_NE(shift.find("\n0," + std::to_string(layers[0]["frames"].get<int64_t>()) + ",0,1,0,0,"),
            std::string::npos)
      << shift;
  EXPECT_TRUE(fs::exists(csv / "expert_load_shift.csv"));
  EXPECT_TRUE(fs::exists(csv / "transcripts.csv"));
}

TEST_F(CliIntervene, WithoutRecordedOutputTheOriginalTranscriptsAreRunAgain) {
  const auto j =
      run_json((*dir_ / "routing_only.h5").string() + models() + kPromptIdsOption + " --force all:0");
  ASSERT_FALSE(j.is_null());
  EXPECT_EQ(j["original_transcripts_from"], "re-run without the intervention");
  EXPECT_EQ(j["transcripts"]["utterances"], 3);
  EXPECT_EQ(j["transcripts"]["tokens_against_original"]["reference_length"], 24);
  for (const auto& layer : j["layers"])
    EXPECT_EQ(layer["mean_probability_by_expert_intervened"][0].get<double>(), 1.0) << layer["layer"];

  // Without a decoder only the routing is compared.
  auto r = test::run_cli("intervene " + (*dir_ / "routing_only.h5").string() + " --encoder " +
                         test::data_path("fixtures/whisper_tiny") + " --steering " +
                         test::data_path("fixtures/steermoe_ckpt/steering.safetensors") +
                         " --threads 1 --scale-steering 2:0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto routing = nlohmann::json::parse(r.out);
  EXPECT_EQ(routing["original_transcripts_from"], "none (no --decoder)");
  EXPECT_EQ(routing["layers"][2]["js_divergence_bits"].get<double>(), 0.0) << "scaling acts after the router";
  EXPECT_GT(routing["layers"][3]["js_divergence_bits"].get<double>(), 0.0);
}

TEST_F(CliIntervene, ChangedAudioMismatchedFramingAndMissingInterventionAreReported) {
  auto usage = test::run_cli("intervene " + recording() + models() + kPromptIdsOption);
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("give an intervention"), std::string::npos) << usage.err;

  auto framing = test::run_cli("intervene " + recording() + models() + kPromptIdsOption +
                               " --threads 1 --padding none --ablate 0:1");
  EXPECT_EQ(framing.exit_code, 1);
  EXPECT_NE(framing.err.find("utterance 'clip0' layer 0: recorded 1500 frames"), std::string::npos)
      << framing.err;
  EXPECT_NE(framing.err.find("--padding"), std::string::npos) << framing.err;

  // A recording whose audio has changed since.
  const fs::path moved = *dir_ / "changed";
  fs::create_directories(moved);
  for (const char* clip : {"clip0", "clip1", "clip2"})
    fs::copy_file(*dir_ / "audio" / (std::string(clip) + "_16k.wav"),
                  moved / (std::string(clip) + "_16k.wav"));
  {
    std::ofstream append(moved / "clip0_16k.wav", std::ios::app | std::ios::binary);
    append << "trailing bytes";
  }
  RecordingReader reader(recording());
  std::vector<UtteranceRecord> utterances;
  for (size_t i = 0; i < reader.size(); ++i) {
    UtteranceRecord u = reader.read(i);
    u.source_path = fs::path(u.source_path).filename().string();  // relative, resolved with --audio-root
    utterances.push_back(std::move(u));
  }
  const std::string relative = (*dir_ / "relative.h5").string();
  {
    RecordingOptions options;
    options.overwrite = true;
    RecordingWriter writer =
        RecordingWriter::create(relative, reader.run_info(), reader.model_constants(), options);
    for (const auto& u : utterances) writer.write(u);
    writer.close();
  }
  auto ok =
      test::run_cli("intervene " + relative + models() + kPromptIdsOption + " --threads 1 --utterances 1" +
                    " --scale-steering all:1 --json --audio-root " + (*dir_ / "audio").string());
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(nlohmann::json::parse(ok.out)["utterances"], 1);
  auto changed = test::run_cli("intervene " + relative + models() + kPromptIdsOption +
                               " --threads 1 --scale-steering all:1 --audio-root " + moved.string());
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_NE(changed.err.find("has changed since the recording"), std::string::npos) << changed.err;
}

}  // namespace
