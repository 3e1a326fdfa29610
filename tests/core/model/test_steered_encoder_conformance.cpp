// Pins the steered encoder to the references computed with Hugging Face transformers 4.44.2 and the
// SteerMoE authors' EfficientLayerWiseSteeringWhisperEncoder on the fixture checkpoints: plain encoder
// output, every layer's router probabilities and pre-steering output, steered output after pooling and
// LayerNorm, and the projected audio prompts, for the padded (30 s, the authors' pipeline) and unpadded
// log-mel. Tolerance 1e-4 in fp32 (the references' own fp64 recomputation differs by < 4e-6).
#include <gtest/gtest.h>

#include "core/model/steered_encoder.h"
#include "tests/core/model/npy_compare.h"
#include "tests/test_support.h"

using namespace steerscope;
using test::load_expected;
using test::max_abs_error;

namespace {

constexpr double kTol = 1e-4;

std::shared_ptr<const WhisperEncoder> fixture_encoder(ComputeDType dtype = ComputeDType::kF32) {
  ExecutionConfig exec;
  exec.dtype = dtype;
  return WhisperEncoder::load(test::data_path("fixtures/whisper_tiny"), exec);
}

std::shared_ptr<const SteeringCheckpoint> fixture_steering(const std::string& file = "steering.safetensors") {
  return std::make_shared<const SteeringCheckpoint>(
      SteeringCheckpoint::load(test::data_path("fixtures/steermoe_ckpt/" + file)));
}

PoolingConfig fixture_pooling() { return PoolingConfig::parse("max", 4, 4); }

struct Captured {
  std::map<std::string, torch::Tensor> tensors;
};

}  // namespace

class EncoderConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(EncoderConformance, PlainEncoderPaddedMatchesHuggingFace) {
  const std::string clip = GetParam();
  auto enc = fixture_encoder();
  auto mel = load_expected(clip + ".logmel_hf_padded.npy");
  SteeredEncoder plain(enc, nullptr, PoolingConfig::parse("none", 1, -1));
  auto out = plain.encode_window(mel);
  EXPECT_LE(max_abs_error(out.hidden, load_expected(clip + ".encoder_out_hf_padded.npy")), kTol);
}

TEST_P(EncoderConformance, UnsteeredPathsMatchReference) {
  const std::string clip = GetParam();
  auto enc = fixture_encoder();
  auto mel = load_expected(clip + ".logmel_hf_unpadded.npy");
  SteeredEncoder nopool(enc, nullptr, PoolingConfig::parse("none", 1, -1));
  EXPECT_LE(max_abs_error(nopool.encode_window(mel).hidden, load_expected(clip + ".unpadded.encoder_out_nosteer_nopool.npy")), kTol);
  // The reference's linear baseline: steering tensors present but not applied.
  SteeredEncoder linear(enc, fixture_steering(), fixture_pooling(), /*apply_steering=*/false);
  EXPECT_LE(max_abs_error(linear.encode_window(mel).hidden, load_expected(clip + ".unpadded.encoder_out_nosteer_pooled.npy")), kTol);
}

class SteeredConformance : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(SteeredConformance, RouterProbsLayerOutputsAndPromptsMatchReference) {
  const auto [clip, path] = GetParam();
  auto enc = fixture_encoder();
  SteeredEncoder steered(enc, fixture_steering(), fixture_pooling());
  auto mel = load_expected(clip + ".logmel_hf_" + path + ".npy");

  HookRegistry hooks;
  std::map<std::string, torch::Tensor> seen;
  hooks.subscribe("encoder.layer.*.router.probs", [&](const HookEvent& e) { seen[e.name()] = e.value.clone(); });
  hooks.subscribe("encoder.layer.*.output", [&](const HookEvent& e) { seen[e.name()] = e.value.clone(); });
  SteeredEncoder::RunContext ctx;
  ctx.hooks = &hooks;
  auto out = steered.encode_window(mel, ctx);

  const std::string base = clip + "." + path + ".";
  for (int l = 0; l < 4; ++l) {
    const std::string probs = "encoder.layer." + std::to_string(l) + ".router.probs";
    ASSERT_TRUE(seen.count(probs)) << probs;
    EXPECT_LE(max_abs_error(seen[probs], load_expected(base + "router_probs_l" + std::to_string(l) + ".npy")), kTol)
        << probs;
    if (path == "unpadded") {
      EXPECT_LE(max_abs_error(seen["encoder.layer." + std::to_string(l) + ".output"],
                              load_expected(base + "layer_out_presteer_l" + std::to_string(l) + ".npy")), kTol)
          << "layer " << l;
    }
  }
  EXPECT_LE(max_abs_error(out.hidden, load_expected(base + "steered_encoder_out.npy")), kTol);
  EXPECT_LE(max_abs_error(out.prompts, load_expected(base + "audio_prompts.qwen2_tiny.npy")), kTol);
}

INSTANTIATE_TEST_SUITE_P(Clips, EncoderConformance, ::testing::Values("clip0", "clip1", "clip2"));
INSTANTIATE_TEST_SUITE_P(ClipsAndPaths, SteeredConformance,
                         ::testing::Combine(::testing::Values("clip0", "clip1", "clip2"),
                                            ::testing::Values("padded", "unpadded")));

TEST(SteeringCheckpointForms, SafetensorsTorchBinAndFullReferenceCheckpointAgree) {
  auto a = fixture_steering("steering.safetensors");
  auto b = fixture_steering("steering.bin");
  auto c = fixture_steering("pytorch_model.bin");
  for (const auto* x : {b.get(), c.get()}) {
    EXPECT_TRUE(torch::equal(a->steering_vectors(), x->steering_vectors()));
    EXPECT_TRUE(torch::equal(a->router_weight(), x->router_weight()));
    EXPECT_TRUE(torch::equal(a->router_bias(), x->router_bias()));
    EXPECT_TRUE(torch::equal(a->layer_scales(), x->layer_scales()));
    EXPECT_TRUE(torch::equal(a->proj_weight(), x->proj_weight()));
    EXPECT_TRUE(torch::equal(a->proj_bias(), x->proj_bias()));
  }
  EXPECT_EQ(a->layers(), 4);
  EXPECT_EQ(a->experts(), 8);
  EXPECT_EQ(a->dim(), 64);
  EXPECT_EQ(a->llm_hidden(), 96);
  ASSERT_TRUE(a->pooling_hint().has_value());  // from steermoe_config.json
  EXPECT_EQ(a->pooling_hint()->describe(4), "max k=4 after layer 4");
}

TEST(EncoderBf16, StaysCloseToFp32) {
  // bf16 has an 8-bit mantissa: this pins how far the bf16 path may drift on the fixture, not parity.
  auto mel = load_expected("clip0.logmel_hf_padded.npy");
  SteeredEncoder f32(fixture_encoder(ComputeDType::kF32), fixture_steering(), fixture_pooling());
  SteeredEncoder b16(fixture_encoder(ComputeDType::kBF16), fixture_steering(), fixture_pooling());
  auto ref = load_expected("clip0.padded.audio_prompts.qwen2_tiny.npy");
  const double err32 = max_abs_error(f32.encode_window(mel).prompts, ref);
  const double err16 = max_abs_error(b16.encode_window(mel).prompts, ref);
  std::printf("audio prompts max abs error: fp32 %.3g, bf16 %.3g (reference max |x| %.3g)\n", err32, err16,
              ref.abs().max().item<double>());
  EXPECT_LE(err32, kTol);
  EXPECT_LE(err16, 0.1);
}
