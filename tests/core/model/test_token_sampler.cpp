// The sampler's processing follows Hugging Face's logits processors and warpers (formats.md §6).
#include <gtest/gtest.h>

#include "core/model/token_sampler.h"
#include "core/util/error.h"

using namespace steerscope;

namespace {
const float kInf = std::numeric_limits<float>::infinity();
torch::Tensor logits(std::vector<float> v) { return torch::tensor(v); }
}  // namespace

TEST(TokenSampler, RepetitionPenaltyDividesPositiveAndMultipliesNegativeOnce) {
  GenerationSettings s;
  s.repetition_penalty = 2.0;
  TokenSampler sampler(s);
  auto out = sampler.process(logits({4.0f, -1.0f, 3.0f, 0.5f}), {0, 1, 1, 1});
  EXPECT_FLOAT_EQ(out[0].item<float>(), 2.0f);
  EXPECT_FLOAT_EQ(out[1].item<float>(), -2.0f);  // penalised once despite repeating
  EXPECT_FLOAT_EQ(out[2].item<float>(), 3.0f);
  // Greedy picks from the penalised scores.
  EXPECT_EQ(sampler.choose(logits({4.0f, -1.0f, 3.0f, 0.5f}), {0}).id, 2);
}

TEST(TokenSampler, TemperatureThenTopKKeepsTies) {
  GenerationSettings s;
  s.do_sample = true;
  s.temperature = 0.5;
  s.top_k = 2;
  TokenSampler sampler(s);
  auto out = sampler.process(logits({1.0f, 3.0f, 2.0f, 2.0f, 0.0f}), {});
  EXPECT_FLOAT_EQ(out[1].item<float>(), 6.0f);
  EXPECT_FLOAT_EQ(out[2].item<float>(), 4.0f);
  EXPECT_FLOAT_EQ(out[3].item<float>(), 4.0f);  // tied with the 2nd largest: kept
  EXPECT_EQ(out[0].item<float>(), -kInf);
  EXPECT_EQ(out[4].item<float>(), -kInf);
}

TEST(TokenSampler, TopPKeepsTheSmallestSetReachingP) {
  GenerationSettings s;
  s.do_sample = true;
  s.top_k = 0;
  s.top_p = 0.7;
  TokenSampler sampler(s);
  // probabilities 0.5, 0.3, 0.15, 0.05: ascending cumsum 0.05, 0.2, 0.5, 1.0; removed where <= 0.3.
  auto p = torch::tensor({0.5, 0.3, 0.15, 0.05}).log().to(torch::kFloat);
  auto out = sampler.process(p, {});
  EXPECT_GT(out[0].item<float>(), -kInf);
  EXPECT_GT(out[1].item<float>(), -kInf);
  EXPECT_EQ(out[2].item<float>(), -kInf);
  EXPECT_EQ(out[3].item<float>(), -kInf);
  // A tiny top_p still keeps the most likely token.
  s.top_p = 1e-6;
  auto one = TokenSampler(s).process(p, {});
  EXPECT_EQ((one > -kInf).sum().item<int64_t>(), 1);
}

TEST(TokenSampler, SeededSamplingIsReproducibleAndFollowsTheDistribution) {
  GenerationSettings s;
  s.do_sample = true;
  s.top_k = 0;
  s.seed = 42;
  auto p = torch::tensor({0.6, 0.3, 0.1}).log().to(torch::kFloat);
  TokenSampler a(s), b(s);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < 3000; ++i) {
    auto ca = a.choose(p, {});
    EXPECT_EQ(ca.id, b.choose(p, {}).id);
    counts[size_t(ca.id)]++;
  }
  EXPECT_NEAR(counts[0] / 3000.0, 0.6, 0.03);
  EXPECT_NEAR(counts[2] / 3000.0, 0.1, 0.02);
  EXPECT_NEAR(a.choose(p, {}).logprob, std::log(0.6), 1.1);  // logprob of whatever was drawn is finite
}

TEST(TokenSampler, MasksPaddingRowsAndReportsRawLogprob) {
  GenerationSettings s;
  TokenSampler sampler(s);
  auto c = sampler.choose(logits({1.0f, 2.0f, 9.0f}), {}, /*valid_vocab=*/2);
  EXPECT_EQ(c.id, 1);
  EXPECT_NEAR(c.logprob, std::log(std::exp(2.0) / (std::exp(1.0) + std::exp(2.0))), 1e-6);
}

TEST(TokenSampler, RejectsInvalidSettings) {
  GenerationSettings s;
  s.do_sample = true;
  s.temperature = 0.0;
  EXPECT_THROW(TokenSampler{s}, Error);
  s.temperature = 1.0;
  s.top_p = 1.5;
  EXPECT_THROW(TokenSampler{s}, Error);
}
