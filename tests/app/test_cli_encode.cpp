// steerscope-cli info and encode, run as a user would, on the fixture checkpoints in all three forms
// the reference produces: steering.safetensors, steering.bin and the full pytorch_model.bin.
#include <gtest/gtest.h>

#include "tests/test_support.h"

using namespace steerscope;

namespace {
const std::string kEncoder = test::data_path("fixtures/whisper_tiny");
const std::string kClip = test::data_path("fixtures/audio/clip1_16k.wav");
std::string ckpt(const std::string& f) { return test::data_path("fixtures/steermoe_ckpt/" + f); }
}  // namespace

TEST(CliInfo, DescribesEveryCheckpointFormIdentically) {
  std::string first;
  for (const char* f : {"steering.safetensors", "steering.bin", "pytorch_model.bin"}) {
    auto r = test::run_cli("info " + ckpt(f));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("layers L 4, experts E 8, encoder width D 64, LLM hidden size H 96"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("trainable parameters: 10,372"), std::string::npos) << r.out;
    // The steering section (everything before the tensor groups) is the same whatever the container.
    const std::string steering = r.out.substr(r.out.find('\n'), r.out.find("group") - r.out.find('\n'));
    if (first.empty()) first = steering;
    EXPECT_EQ(steering, first) << f;
  }
  auto full = test::run_cli("info " + ckpt("pytorch_model.bin"));
  EXPECT_NE(full.out.find("llm_decoder"), std::string::npos);
  EXPECT_NE(full.out.find("whisper_encoder (frozen encoder)"), std::string::npos);
  auto enc = test::run_cli("info " + kEncoder + " --tensors");
  ASSERT_EQ(enc.exit_code, 0) << enc.err;
  EXPECT_NE(enc.out.find("Whisper encoder: 4 layers, d_model 64, 4 heads"), std::string::npos) << enc.out;
  EXPECT_NE(enc.out.find("model.encoder.layers.3.fc2.weight"), std::string::npos);
}

TEST(CliEncode, AllCheckpointFormsGiveIdenticalProbabilities) {
  auto dir = test::scratch_dir("cli-encode");
  std::string reference;
  for (const char* f : {"steering.safetensors", "steering.bin", "pytorch_model.bin"}) {
    const std::string csv = (dir / (std::string(f) + ".csv")).string();
    auto r = test::run_cli("encode --encoder " + kEncoder + " --steering " + ckpt(f) + " --audio " + kClip + " --out " + csv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("max k=4 after layer 4"), std::string::npos) << r.out;
    const std::string content = test::read_text_file(csv);
    if (reference.empty()) reference = content;
    EXPECT_EQ(content, reference) << f;
  }
  // Header and one row per layer and frame (4 layers x 1500 frames, pooling comes after layer 4's router).
  EXPECT_EQ(reference.substr(0, reference.find('\n')), "layer,frame,p0,p1,p2,p3,p4,p5,p6,p7");
  EXPECT_EQ(std::count(reference.begin(), reference.end(), '\n'), 1 + 4 * 1500);
}

TEST(CliEncode, OptionsChangeWhatRuns) {
  auto r = test::run_cli("encode --encoder " + kEncoder + " --steering " + ckpt("steering.safetensors") + " --audio " +
                         kClip + " --padding none --pool avg --pool-kernel 2 --pool-after-layer 2 --dtype bf16 --ablate 1:3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("avg k=2 after layer 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("padding none"), std::string::npos);
  EXPECT_NE(r.out.find("cpu bf16"), std::string::npos);
  EXPECT_NE(r.out.find("ablate expert 3 at layer 1"), std::string::npos);
  EXPECT_NE(r.out.find("74 audio prompts"), std::string::npos) << r.out;  // 148 frames pooled by 2

  auto baseline = test::run_cli("encode --encoder " + kEncoder + " --steering " + ckpt("steering.safetensors") +
                                " --audio " + kClip + " --no-steering");
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  EXPECT_NE(baseline.out.find("linear baseline"), std::string::npos);
}

TEST(CliEncode, BadInputsExplainThemselves) {
  auto dir = test::scratch_dir("cli-encode-bad");
  std::ofstream(dir / "notes.wav") << "not audio at all";
  auto r = test::run_cli("encode --encoder " + kEncoder + " --steering " + ckpt("steering.safetensors") + " --audio " +
                         (dir / "notes.wav").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("notes.wav: not a readable audio file"), std::string::npos) << r.err;

  r = test::run_cli("encode --steering " + ckpt("steering.safetensors") + " --audio " + kClip);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--encoder"), std::string::npos) << r.err;

  r = test::run_cli("encode --encoder " + kEncoder + " --audio " + kClip + " --device cuda");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cuda"), std::string::npos) << r.err;

  r = test::run_cli("encode --encoder " + kEncoder + " --steering " + ckpt("steering.safetensors") + " --audio " + kClip +
                    " --pool-after-layer 9");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has 4 layers"), std::string::npos) << r.err;

  r = test::run_cli("encode --encoder " + kEncoder + " --steering " + kEncoder + " --audio " + kClip);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a SteerMoE checkpoint"), std::string::npos) << r.err;
}
