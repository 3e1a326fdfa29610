// Pins the decoder to Hugging Face transformers 4.44.2 (Qwen2ForCausalLM) on the fixture qwen2_tiny with
// the fixture audio prompts: logits at every position of [audio prompts + text prompt], and the greedy
// continuation token for token with the logits of each step, computed with a KV cache here and without
// one in the reference.
#include <gtest/gtest.h>

#include "core/model/causal_lm.h"
#include "core/util/npy_file.h"
#include "tests/core/model/npy_compare.h"
#include "tests/test_support.h"

using namespace steerscope;
using test::load_expected;
using test::max_abs_error;

namespace {

std::shared_ptr<const CausalLM> fixture_decoder(ComputeDType dtype = ComputeDType::kF32) {
  ExecutionConfig exec;
  exec.dtype = dtype;
  return CausalLM::load(test::data_path("fixtures/qwen2_tiny"), exec);
}

std::vector<int64_t> prompt_ids() {
  return read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy")).to_int64();
}

}  // namespace

class DecoderConformance : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(DecoderConformance, LogitsAtEveryPositionMatchTransformers) {
  const auto [clip, path] = GetParam();
  const std::string base = clip + "." + path + ".";
  auto lm = fixture_decoder();
  auto audio = load_expected(base + "audio_prompts.qwen2_tiny.npy");
  auto inputs = torch::cat({audio, lm->embed(prompt_ids())}, 0);
  DecoderState state;
  auto logits = lm->forward(state, inputs, /*all_logits=*/true);
  const double err = max_abs_error(logits, load_expected(base + "logits.qwen2_tiny.npy"));
  EXPECT_GE(err, 0.0) << "shape mismatch";
  EXPECT_LE(err, 1e-4);
  EXPECT_EQ(state.length(), inputs.size(0));
}

TEST_P(DecoderConformance, GreedyContinuationWithKvCacheMatchesTransformers) {
  const auto [clip, path] = GetParam();
  const std::string base = clip + "." + path + ".";
  auto lm = fixture_decoder();
  auto inputs = torch::cat({load_expected(base + "audio_prompts.qwen2_tiny.npy"), lm->embed(prompt_ids())}, 0);
  const auto expected_ids = read_npy(test::data_path("fixtures/expected/" + base + "greedy_ids.qwen2_tiny.npy")).to_int64();
  const auto expected_logits = load_expected(base + "greedy_step_logits.qwen2_tiny.npy");
  DecoderState state;
  auto logits = lm->forward(state, inputs);
  for (size_t step = 0; step < expected_ids.size(); ++step) {
    EXPECT_LE(max_abs_error(logits[0], expected_logits[int64_t(step)]), 1e-4) << "step " << step;
    const int64_t next = logits[0].argmax().item<int64_t>();
    ASSERT_EQ(next, expected_ids[step]) << "step " << step;
    logits = lm->forward(state, lm->embed({next}));
  }
}

INSTANTIATE_TEST_SUITE_P(ClipsAndPaths, DecoderConformance,
                         ::testing::Combine(::testing::Values("clip0", "clip1", "clip2"), ::testing::Values("padded", "unpadded")));

TEST(DecoderBf16, GreedyIdsSurviveBf16) {
  // The fixture's greedy margins are >= 0.008; bf16 activations may flip a near tie, so this pins the
  // logits distance and reports it rather than requiring identical ids.
  auto f32 = fixture_decoder(ComputeDType::kF32);
  auto b16 = fixture_decoder(ComputeDType::kBF16);
  auto audio = load_expected("clip0.unpadded.audio_prompts.qwen2_tiny.npy");
  DecoderState s1, s2;
  auto l1 = f32->forward(s1, torch::cat({audio, f32->embed(prompt_ids())}, 0), true);
  auto l2 = b16->forward(s2, torch::cat({audio, b16->embed(prompt_ids())}, 0), true);
  const double err = (l1 - l2).abs().max().item<double>();
  std::printf("bf16 vs fp32 logits max abs difference: %.3g (logit range %.3g)\n", err, l1.abs().max().item<double>());
  EXPECT_LT(err, 0.5);
}
