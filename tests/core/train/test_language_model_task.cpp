// LM pretraining's input noise: only the chosen tokens are perturbed, each way as configured, the same way
// for the same batch (so a resumed run sees the same noise), and validation reads clean inputs.
#include <gtest/gtest.h>

#include "core/train/language_model_task.h"
#include "core/util/error.h"

using namespace steerscope;

namespace {

DecoderConfig tiny_config() {
  DecoderConfig c;
  c.model_type = "qwen2";
  c.hidden_size = 32;
  c.intermediate_size = 64;
  c.num_layers = 1;
  c.num_heads = 2;
  c.num_kv_heads = 1;
  c.head_dim = 16;
  c.vocab_size = 20;
  c.max_position_embeddings = 64;
  c.tie_word_embeddings = true;
  return c;
}

// Reading tokens 10..14 (a "phone" reading), then text tokens 2..9 scored.
std::vector<TokenSequence> sequences() {
  std::vector<TokenSequence> out;
  for (int64_t i = 0; i < 6; ++i) {
    TokenSequence s;
    for (int64_t t = 0; t < 12; ++t) {
      s.ids.push_back(10 + (i + t / 3) % 5);
      s.scored.push_back(false);
    }
    for (int64_t t = 0; t < 5; ++t) {
      s.ids.push_back(2 + (i + t) % 8);
      s.scored.push_back(true);
    }
    out.push_back(s);
  }
  return out;
}

const std::vector<int64_t> kReading = {10, 11, 12, 13, 14};

LanguageModelTask make_task(InputNoise noise) {
  torch::manual_seed(3);  // the same initial weights for every task
  return LanguageModelTask(tiny_config(), 0, sequences(), sequences(), std::move(noise));
}

torch::Tensor batch_ids(const std::vector<size_t>& batch) {
  const auto all = sequences();
  std::vector<torch::Tensor> rows;
  for (size_t i : batch) rows.push_back(torch::tensor(all[i].ids, torch::kLong));
  return torch::stack(rows);
}

torch::Tensor inputs(LanguageModelTask& task, const std::vector<size_t>& batch) {
  CausalLmGraph graph(task.config(), task.trainable(), torch::kFloat);
  torch::NoGradGuard no_grad;
  return task.training_inputs(graph, batch_ids(batch), batch);
}

torch::Tensor clean_inputs(LanguageModelTask& task, const std::vector<size_t>& batch) {
  CausalLmGraph graph(task.config(), task.trainable(), torch::kFloat);
  torch::NoGradGuard no_grad;
  return graph.embed(batch_ids(batch));
}

// Every kind of perturbation at once, on every sequence.
InputNoise full_noise() {
  InputNoise noise;
  noise.token_ids = kReading;
  noise.sequence_prob = 1.0;
  noise.substitute_prob = 0.05;
  noise.blend_prob = 0.5;
  noise.blend_max = 0.5;
  noise.noise_max = 1.0;
  noise.scale_prob = 0.5;
  noise.scale_max = 50.0;
  return noise;
}

}  // namespace

TEST(LanguageModelInputNoise, OnlyTheChosenTokensChangeAndTheSameBatchGetsTheSameNoise) {
  InputNoise noise = full_noise();
  noise.seed = 7;
  auto task = make_task(noise);
  const std::vector<size_t> batch = {0, 1, 2, 3};
  const auto noisy = inputs(task, batch), clean = clean_inputs(task, batch);
  // Text positions (12..16) are the plain embeddings; every reading position (0..11) has moved.
  EXPECT_TRUE(torch::equal(noisy.narrow(1, 12, 5), clean.narrow(1, 12, 5)));
  const auto moved = (noisy.narrow(1, 0, 12) - clean.narrow(1, 0, 12)).abs().amax(-1);
  EXPECT_GT(moved.min().item<double>(), 0.0);
  EXPECT_TRUE(torch::equal(inputs(task, batch), noisy)) << "the same batch, the same noise";
  EXPECT_FALSE(torch::equal(inputs(task, {0, 1, 2, 4}).narrow(0, 0, 3), noisy.narrow(0, 0, 3)))
      << "another batch, other noise";
  // Without chosen tokens, nothing is perturbed.
  auto plain = make_task({});
  EXPECT_TRUE(torch::equal(inputs(plain, batch), clean_inputs(plain, batch)));
  // With chosen tokens but the default settings, nothing is perturbed either.
  InputNoise defaults;
  defaults.token_ids = kReading;
  auto neutral = make_task(defaults);
  EXPECT_TRUE(torch::equal(inputs(neutral, batch), clean_inputs(neutral, batch)));
}

TEST(LanguageModelInputNoise, ScalingAloneMultipliesEachSequencesReadingByOneFactorInRange) {
  InputNoise noise;
  noise.token_ids = kReading;
  noise.sequence_prob = 1.0;
  noise.scale_prob = 1.0;
  noise.scale_max = 50.0;
  auto task = make_task(noise);
  const std::vector<size_t> batch = {0, 1, 2, 3, 4, 5};
  const auto noisy = inputs(task, batch), clean = clean_inputs(task, batch);
  const auto ratio = noisy.narrow(1, 0, 12).norm(2, -1) / clean.narrow(1, 0, 12).norm(2, -1);  // [B, 12]
  for (int64_t b = 0; b < ratio.size(0); ++b) {
    const double lo = ratio[b].min().item<double>(), hi = ratio[b].max().item<double>();
    EXPECT_NEAR(lo, hi, 1e-4 * hi) << "one factor per sequence";
    EXPECT_GE(lo, 1.0 - 1e-5);
    EXPECT_LE(hi, 50.0 + 1e-3);
  }
  EXPECT_GT(ratio.max().item<double>(), 1.5) << "six draws from [1, 50] are not all near 1";
}

TEST(LanguageModelInputNoise, ValidationReadsCleanInputs) {
  auto noisy = make_task(full_noise()), plain = make_task({});
  EXPECT_EQ(noisy.evaluate().dump(), plain.evaluate().dump());
  EXPECT_NE(noisy.loss({0, 1, 2}).item<double>(), plain.loss({0, 1, 2}).item<double>());
}

TEST(LanguageModelInputNoise, RejectsSettingsOutsideTheirRange) {
  InputNoise bad_id = full_noise();
  bad_id.token_ids = {25};
  EXPECT_THROW(make_task(bad_id), Error);
  InputNoise bad_prob;
  bad_prob.token_ids = kReading;
  bad_prob.substitute_prob = 1.5;
  EXPECT_THROW(make_task(bad_prob), Error);
  InputNoise bad_scale;
  bad_scale.scale_max = 0.5;
  EXPECT_THROW(make_task(bad_scale), Error);
}
