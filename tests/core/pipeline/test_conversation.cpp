// Conversations over the fixture decoder: the reference layout reproduces the reference's greedy ids,
// the KV cache carries turns exactly, regenerate and cancellation behave, and context overflow is an
// error, not a crash.
#include <gtest/gtest.h>

#include "core/pipeline/steered_pipeline.h"
#include "core/util/error.h"
#include "core/util/npy_file.h"
#include "tests/core/model/npy_compare.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

std::shared_ptr<const SteeredPipeline> fixture_pipeline() {
  static std::shared_ptr<const SteeredPipeline> p = [] {
    PipelineConfig c;
    c.encoder_dir = test::data_path("fixtures/whisper_tiny");
    c.steering_path = test::data_path("fixtures/steermoe_ckpt/steering.safetensors");
    c.decoder_dir = test::data_path("fixtures/qwen2_tiny");
    return SteeredPipeline::load(c);
  }();
  return p;
}

std::vector<int64_t> prompt_ids() { return read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy")).to_int64(); }

GenerationSettings greedy(int n) {
  GenerationSettings s;
  s.max_new_tokens = n;
  return s;
}

}  // namespace

TEST(Conversation, ReferenceLayoutReproducesTheReferenceGreedyIds) {
  auto p = fixture_pipeline();
  for (const char* path : {"padded", "unpadded"}) {
    Conversation conv(p, test::load_expected(std::string("clip1.") + path + ".audio_prompts.qwen2_tiny.npy"), PromptLayout::kReference);
    auto r = conv.ask_ids(prompt_ids(), greedy(8));
    EXPECT_EQ(r.token_ids, read_npy(test::data_path(std::string("fixtures/expected/clip1.") + path + ".greedy_ids.qwen2_tiny.npy")).to_int64()) << path;
    EXPECT_EQ(r.stop, GenerationResult::Stop::kMaxTokens);
    EXPECT_EQ(r.token_logprobs.size(), 8u);
  }
}

TEST(Conversation, SecondTurnContinuesTheCacheExactly) {
  auto p = fixture_pipeline();
  auto audio = test::load_expected("clip0.unpadded.audio_prompts.qwen2_tiny.npy");
  Conversation conv(p, audio, PromptLayout::kReference);
  auto first = conv.ask_ids(prompt_ids(), greedy(5));
  const std::vector<int64_t> follow = {17, 300, 4};
  std::vector<torch::Tensor> logits_seen;
  GenerationSettings one = greedy(1);
  auto second = conv.ask_ids(follow, one);

  // Without a cache: the whole history at once.
  std::vector<int64_t> ids = prompt_ids();
  ids.insert(ids.end(), first.token_ids.begin(), first.token_ids.end());
  ids.insert(ids.end(), follow.begin(), follow.end());
  DecoderState fresh;
  auto all = p->decoder().forward(fresh, torch::cat({audio, p->decoder().embed(ids)}, 0), /*all_logits=*/true);
  EXPECT_EQ(second.token_ids[0], all[all.size(0) - 1].argmax().item<int64_t>());
  EXPECT_EQ(conv.context_length(), fresh.length());
  EXPECT_EQ(conv.turns(), 2);
}

TEST(Conversation, RegenerateReplacesTheLastAnswer) {
  auto p = fixture_pipeline();
  Conversation conv(p, test::load_expected("clip2.unpadded.audio_prompts.qwen2_tiny.npy"), PromptLayout::kReference);
  auto a = conv.ask_ids(prompt_ids(), greedy(6));
  const int64_t length = conv.context_length();
  auto b = conv.regenerate(greedy(6));
  EXPECT_EQ(a.token_ids, b.token_ids);  // greedy is deterministic
  EXPECT_EQ(conv.context_length(), length);
  EXPECT_EQ(conv.turns(), 1);
  GenerationSettings sample = greedy(6);
  sample.do_sample = true;
  sample.top_k = 0;
  sample.temperature = 1.5;
  sample.seed = 1;
  auto c1 = conv.regenerate(sample);
  sample.seed = 2;
  auto c2 = conv.regenerate(sample);
  sample.seed = 1;
  auto c3 = conv.regenerate(sample);
  EXPECT_EQ(c1.token_ids, c3.token_ids);
  EXPECT_NE(c1.token_ids, c2.token_ids);
  conv.clear();
  EXPECT_EQ(conv.context_length(), 0);
  EXPECT_THROW(conv.regenerate(greedy(1)), Error);
}

TEST(Conversation, CancellationStopsBetweenTokens) {
  auto p = fixture_pipeline();
  Conversation conv(p, test::load_expected("clip0.padded.audio_prompts.qwen2_tiny.npy"), PromptLayout::kReference);
  int seen = 0;
  auto r = conv.ask_ids(prompt_ids(), greedy(500), [&](const GeneratedToken&) { return ++seen < 3; });
  EXPECT_EQ(r.stop, GenerationResult::Stop::kCancelled);
  EXPECT_EQ(r.token_ids.size(), 3u);
  EXPECT_EQ(seen, 3);
}

TEST(Conversation, ContextOverflowIsAnErrorNamingTheConfig) {
  auto p = fixture_pipeline();
  const int64_t context = p->decoder().config().max_position_embeddings;  // 2048 in the fixture
  auto audio = torch::zeros({context + 1, 96});
  Conversation conv(p, audio, PromptLayout::kReference);
  try {
    conv.ask_ids({1, 2}, greedy(1));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds the decoder's context of 2048"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos) << e.what();
  }
  Conversation no_tokenizer(p, audio.narrow(0, 0, 10), PromptLayout::kReference);
  EXPECT_THROW(no_tokenizer.ask("hello", greedy(1)), Error);  // the fixture decoder has no tokenizer.json
  EXPECT_THROW(Conversation(p, audio, PromptLayout::kChatML), Error);
}
