// Pooling, interventions, hook points and frame bookkeeping of the steered encoder.
#include <gtest/gtest.h>

#include "core/model/steered_encoder.h"
#include "core/util/error.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {
std::shared_ptr<const WhisperEncoder> encoder() {
  static auto e = WhisperEncoder::load(test::data_path("fixtures/whisper_tiny"), {});
  return e;
}
std::shared_ptr<const SteeringCheckpoint> steering() {
  static auto s = std::make_shared<const SteeringCheckpoint>(
      SteeringCheckpoint::load(test::data_path("fixtures/steermoe_ckpt/steering.safetensors")));
  return s;
}
torch::Tensor random_mel(int64_t frames) {
  torch::manual_seed(3);
  return torch::randn({80, frames}) * 0.3;
}
}  // namespace

TEST(Pooling, ZeroPadsThenPoolsLikeTheReference) {
  auto x = torch::tensor({{-1.0f}, {-2.0f}, {-3.0f}, {-4.0f}, {-5.0f}});  // T=5, D=1
  auto pooled = apply_pooling(x, PoolingConfig::parse("max", 4, -1));
  // Second group is [-5, 0, 0, 0]: the zero pad wins the max, as with F.pad + MaxPool1d.
  EXPECT_TRUE(torch::equal(pooled, torch::tensor({{-1.0f}, {0.0f}})));
  auto avg = apply_pooling(x, PoolingConfig::parse("avg", 2, -1));
  EXPECT_TRUE(torch::allclose(avg, torch::tensor({{-1.5f}, {-3.5f}, {-2.5f}})));
  EXPECT_EQ(pooled_frames(1500, PoolingConfig::parse("max", 4, -1)), 375);
  EXPECT_THROW(PoolingConfig::parse("median", 4, -1), Error);
  EXPECT_THROW(PoolingConfig::parse("max", 0, -1), Error);
}

TEST(SteeredEncoder, FrameCountsAndRatesFollowPooling) {
  SteeredEncoder s(encoder(), steering(), PoolingConfig::parse("max", 4, 2));
  EXPECT_EQ(s.layer_frames(0, 3000), 1500);
  EXPECT_EQ(s.layer_frames(1, 3000), 1500);  // layer 2 (1-based) routes before its pooling
  EXPECT_EQ(s.layer_frames(2, 3000), 375);
  EXPECT_EQ(s.output_frames(3000), 375);
  EXPECT_DOUBLE_EQ(s.layer_frame_rate(1), 50.0);
  EXPECT_DOUBLE_EQ(s.layer_frame_rate(3), 12.5);
  auto out = s.encode_window(random_mel(296));
  EXPECT_EQ(out.prompts.size(0), s.output_frames(296));
  EXPECT_EQ(out.prompts.size(1), 96);
  EXPECT_THROW(SteeredEncoder(encoder(), steering(), PoolingConfig::parse("max", 4, 5)), Error);
}

TEST(SteeredEncoder, HooksSeeEveryLayerAndCostNothingWhenUnused) {
  SteeredEncoder s(encoder(), steering(), PoolingConfig::parse("max", 4, -1));
  HookRegistry hooks;
  EXPECT_FALSE(hooks.active(HookPoint::kRouterProbs, 0));
  std::vector<std::string> names;
  hooks.subscribe("encoder.layer.*.steering.delta_norm", [&](const HookEvent& e) {
    names.push_back(e.name());
    EXPECT_EQ(e.value.dim(), 1);
  });
  hooks.subscribe("encoder.audio_prompts", [&](const HookEvent& e) { names.push_back(e.name()); });
  SteeredEncoder::RunContext ctx;
  ctx.hooks = &hooks;
  s.encode_window(random_mel(200), ctx);
  EXPECT_EQ(names, (std::vector<std::string>{"encoder.layer.0.steering.delta_norm", "encoder.layer.1.steering.delta_norm",
                                             "encoder.layer.2.steering.delta_norm", "encoder.layer.3.steering.delta_norm",
                                             "encoder.audio_prompts"}));
  EXPECT_TRUE(HookRegistry::matches("encoder.layer.*.router.*", "encoder.layer.12.router.probs"));
  EXPECT_FALSE(HookRegistry::matches("encoder.layer.1.*", "encoder.layer.12.router.probs"));
  EXPECT_THROW(hooks.subscribe("decoder.foo", [](const HookEvent&) {}), Error);
}

TEST(SteeredEncoder, InterventionsForceAblateAndScale) {
  SteeredEncoder s(encoder(), steering(), PoolingConfig::parse("max", 4, -1));
  auto mel = random_mel(120);
  auto probs_at = [&](const InterventionSet& ivs, int layer) {
    HookRegistry hooks;
    torch::Tensor p;
    hooks.subscribe("encoder.layer." + std::to_string(layer) + ".router.probs", [&](const HookEvent& e) { p = e.value.clone(); });
    SteeredEncoder::RunContext ctx;
    ctx.hooks = &hooks;
    ctx.interventions = &ivs;
    auto out = s.encode_window(mel, ctx);
    return std::make_pair(p, out.prompts);
  };
  auto [base_p, base_out] = probs_at({}, 1);

  auto [forced, forced_out] = probs_at({Intervention::parse("force", "1:5")}, 1);
  EXPECT_TRUE(torch::all(forced.select(1, 5) == 1.0).item<bool>());
  EXPECT_FALSE(torch::allclose(forced_out, base_out));

  auto [ablated, ablated_out] = probs_at({Intervention::parse("ablate", "1:2")}, 1);
  EXPECT_TRUE(torch::all(ablated.select(1, 2) == 0.0).item<bool>());
  EXPECT_TRUE(torch::allclose(ablated.sum(1), torch::ones({ablated.size(0)})));
  // Renormalised: the other experts keep their ratios (layer 1 sees the same input as without ablation).
  auto ratio_before = base_p.select(1, 0) / base_p.select(1, 1);
  auto ratio_after = ablated.select(1, 0) / ablated.select(1, 1);
  EXPECT_TRUE(torch::allclose(ratio_before, ratio_after, 1e-4));

  // Zero steering everywhere equals the unsteered (linear baseline) path.
  auto [unused, zero_out] = probs_at({Intervention::parse("scale", "all:0")}, 0);
  SteeredEncoder linear(encoder(), steering(), PoolingConfig::parse("max", 4, -1), false);
  EXPECT_TRUE(torch::allclose(zero_out, linear.encode_window(mel).prompts, 1e-5, 1e-6));

  EXPECT_THROW(probs_at({Intervention::parse("force", "0:9")}, 0), Error);
  EXPECT_THROW(Intervention::parse("force", "x:1"), Error);
  EXPECT_THROW(Intervention::parse("scale", "2"), Error);
  EXPECT_EQ(Intervention::parse("ablate", "3:1").describe(), "ablate expert 1 at layer 3");
}
