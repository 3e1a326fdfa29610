// The training graphs compute what the inference engine computes: on the fixture checkpoints, in fp32,
// the encoder graph with the steering hook reproduces the reference's steered output and router
// probabilities, and the LM graph its logits; in bf16 (as training runs) they stay close.
#include <gtest/gtest.h>

#include "core/io/safetensors_file.h"
#include "core/model/causal_lm.h"
#include "core/train/causal_lm_graph.h"
#include "core/train/steering_graph.h"
#include "core/util/npy_file.h"
#include "tests/core/model/npy_compare.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {
ParameterStore load_store(const std::string& rel, const std::string& prefix) {
  ParameterStore p;
  p.load(SafetensorsFile(test::data_path(rel)), prefix);
  return p;
}
}  // namespace

TEST(TrainingGraphs, EncoderAndSteeringReproduceTheReference) {
  const auto config = WhisperConfig::from_file(test::data_path("fixtures/whisper_tiny"));
  auto enc = load_store("fixtures/whisper_tiny/model.safetensors", "model.encoder.");
  auto steer = load_store("fixtures/steermoe_ckpt/steering.safetensors", "");
  WhisperEncoderGraph graph(config, enc, torch::kFloat);
  SteeringGraph steering(steer, torch::kFloat);
  for (const char* path : {"padded", "unpadded"}) {
    const std::string base = std::string("clip1.") + path + ".";
    auto mel = test::load_expected(std::string("clip1.logmel_hf_") + path + ".npy").unsqueeze(0);
    std::vector<torch::Tensor> probs;
    auto hidden = graph.forward(mel, steering.hook(&probs), PoolingConfig::parse("max", 4, 4));
    EXPECT_LE(test::max_abs_error(hidden[0], test::load_expected(base + "steered_encoder_out.npy")), 1e-4) << path;
    EXPECT_LE(test::max_abs_error(steering.project(hidden)[0], test::load_expected(base + "audio_prompts.qwen2_tiny.npy")), 1e-4);
    ASSERT_EQ(probs.size(), 4u);
    EXPECT_LE(test::max_abs_error(probs[2][0], test::load_expected(base + "router_probs_l2.npy")), 1e-4);
  }
  // A batch of two padded windows gives each window's single result.
  auto a = test::load_expected("clip0.logmel_hf_padded.npy"), b = test::load_expected("clip2.logmel_hf_padded.npy");
  auto batch = graph.forward(torch::stack({a, b}), steering.hook(), PoolingConfig::parse("max", 4, 4));
  EXPECT_LE(test::max_abs_error(batch[1], test::load_expected("clip2.padded.steered_encoder_out.npy")), 1e-4);
}

TEST(TrainingGraphs, LanguageModelReproducesTransformersLogits) {
  const auto config = DecoderConfig::from_file(test::data_path("fixtures/qwen2_tiny"));
  auto lm = load_store("fixtures/qwen2_tiny/model.safetensors", "");
  CausalLmGraph graph(config, lm, torch::kFloat);
  auto ids = torch::tensor(read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy")).to_int64()).unsqueeze(0);
  auto audio = test::load_expected("clip0.unpadded.audio_prompts.qwen2_tiny.npy").unsqueeze(0);
  auto logits = graph.forward(torch::cat({audio, graph.embed(ids)}, 1));
  EXPECT_LE(test::max_abs_error(logits[0], test::load_expected("clip0.unpadded.logits.qwen2_tiny.npy")), 1e-4);
  CausalLmGraph bf16(config, lm, torch::kBFloat16);
  const double drift = (bf16.forward(torch::cat({audio, graph.embed(ids)}, 1)) - logits).abs().max().item<double>();
  EXPECT_LT(drift, 0.5) << "bf16 products keep the logits close";
}

TEST(TrainingGraphs, NextTokenLossScoresOnlyTheLabelledPositionsAsTheFullLogitsDo) {
  const auto config = DecoderConfig::from_file(test::data_path("fixtures/qwen2_tiny"));
  auto lm = load_store("fixtures/qwen2_tiny/model.safetensors", "");
  CausalLmGraph graph(config, lm, torch::kFloat);
  torch::manual_seed(4);
  const int64_t b = 3, t = 9;
  const auto ids = torch::randint(config.vocab_size, {b, t}, torch::kLong);
  // A prompt of unscored positions, then scored targets; row 1 ends in padding, row 2 has one target.
  auto labels = torch::full({b, t}, -100, torch::kLong);
  labels[0].narrow(0, 4, 5).copy_(ids[0].narrow(0, 4, 5));
  labels[1].narrow(0, 3, 4).copy_(ids[1].narrow(0, 3, 4));
  labels[2][8] = ids[2][8];
  auto a = graph.embed(ids).requires_grad_(true), c = a.detach().clone().requires_grad_(true);
  const auto full = shifted_cross_entropy(graph.forward(a), labels), scored = graph.next_token_loss(c, labels);
  EXPECT_NEAR(full.item<double>(), scored.item<double>(), 1e-5);
  full.backward();
  scored.backward();
  EXPECT_LT((a.grad() - c.grad()).abs().max().item<double>(), 1e-6);
  const auto s = graph.scored_logits(c.detach(), labels);
  EXPECT_EQ(s.logits.size(0), 10);  // 5 + 4 + 1 scored targets
  EXPECT_TRUE(torch::equal(s.targets.narrow(0, 0, 5), ids[0].narrow(0, 4, 5)));
  EXPECT_LT((s.logits[9] - graph.forward(c.detach())[2][7]).abs().max().item<double>(), 1e-5)
      << "the last target is predicted from the position before it";
}

TEST(TrainingGraphs, GradientsReachOnlyTheTrainableSteering) {
  const auto config = WhisperConfig::from_file(test::data_path("fixtures/whisper_tiny"));
  auto enc = load_store("fixtures/whisper_tiny/model.safetensors", "model.encoder.").frozen_bf16();
  ParameterStore steer;
  torch::manual_seed(0);
  SteeringGraph::init(steer, 4, 8, 64, 96, true);
  steer.set_requires_grad(true);
  WhisperEncoderGraph graph(config, enc, torch::kBFloat16);
  SteeringGraph steering(steer, torch::kBFloat16);
  auto mel = torch::randn({2, 80, 200});
  auto loss = steering.project(graph.forward(mel, steering.hook(), PoolingConfig{})).pow(2).mean();
  loss.backward();
  for (const auto& name : steer.names()) {
    ASSERT_TRUE(steer.get(name).grad().defined()) << name;
    EXPECT_GT(steer.get(name).grad().abs().sum().item<double>(), 0.0) << name;
  }
  for (const auto& name : enc.names()) EXPECT_FALSE(enc.get(name).requires_grad()) << name;
}
