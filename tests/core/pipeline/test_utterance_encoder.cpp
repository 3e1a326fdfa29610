// Encoding whole utterances: windows, valid frames, traces, and equality with the single-window encoder.
#include <gtest/gtest.h>

#include "core/pipeline/pipeline_config.h"
#include "core/util/error.h"
#include "tests/core/model/npy_compare.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {
PipelineConfig fixture_config() {
  PipelineConfig c;
  c.encoder_dir = test::data_path("fixtures/whisper_tiny");
  c.steering_path = test::data_path("fixtures/steermoe_ckpt/steering.safetensors");
  return c;
}
}  // namespace

TEST(UtteranceEncoder, OneWindowFromTheFileMatchesTheReference) {
  auto enc = load_utterance_encoder(fixture_config());
  AudioStream stream(test::data_path("fixtures/audio/clip0_16k.wav"));
  EncodeOptions o;
  o.keep_log_mel = true;
  auto out = enc->encode(stream, o);
  EXPECT_EQ(out.windows, 1);
  EXPECT_LE(test::max_abs_error(out.audio_prompts, test::load_expected("clip0.padded.audio_prompts.qwen2_tiny.npy")), 1e-4);
  ASSERT_EQ(out.routing.size(), 4u);
  EXPECT_EQ(out.routing[0].probs.rows, 1500);
  EXPECT_EQ(out.routing[0].valid_frames, 148);  // 2.96 s of audio at 50 Hz
  EXPECT_DOUBLE_EQ(out.routing[3].frame_rate_hz, 50.0);
  EXPECT_EQ(out.routing[3].delta_norm.size(), 1500u);
  EXPECT_EQ(out.log_mel.rows, 80);
  EXPECT_EQ(out.log_mel.cols, 3000);
  auto probs = test::load_expected("clip0.padded.router_probs_l2.npy");
  auto got = torch::from_blob(out.routing[2].probs.values.data(), {1500, 8}, torch::kFloat);
  EXPECT_LE(test::max_abs_error(got, probs), 1e-4);
}

TEST(UtteranceEncoder, LongAudioIsConcatenatedWindowByWindow) {
  PipelineConfig c = fixture_config();
  c.window_seconds = 2.0;  // 200 log-mel frames per window, a multiple of 2 x 4
  auto enc = load_utterance_encoder(c);
  auto audio = load_audio(test::data_path("fixtures/audio/clip1_16k.wav"));  // 2.96 s -> 2 windows
  auto out = enc->encode(audio.samples, EncodeOptions{});
  EXPECT_EQ(out.windows, 2);
  EXPECT_EQ(out.audio_prompts.size(0), 2 * 25);
  EXPECT_EQ(out.routing[0].probs.rows, 200);
  EXPECT_EQ(out.routing[0].valid_frames, 100 + 48);  // the second window is 0.96 s of audio
  // The first window equals encoding the first 2 s alone.
  std::vector<float> first(audio.samples.begin(), audio.samples.begin() + 32000);
  auto one = enc->encode(first, EncodeOptions{});
  EXPECT_TRUE(torch::allclose(one.audio_prompts, out.audio_prompts.narrow(0, 0, 25)));
}

TEST(UtteranceEncoder, WindowsThatWouldDriftAreRejected) {
  PipelineConfig c = fixture_config();
  c.window_seconds = 1.01;  // 101 log-mel frames
  EXPECT_THROW(load_utterance_encoder(c), Error);
  c.window_seconds = 40.0;  // 2000 encoder frames > 1500 positions
  EXPECT_THROW(load_utterance_encoder(c), Error);
}

TEST(UtteranceEncoder, ProgressCanCancel) {
  PipelineConfig c = fixture_config();
  c.window_seconds = 0.4;  // 8 windows for 2.96 s
  auto enc = load_utterance_encoder(c);
  auto audio = load_audio(test::data_path("fixtures/audio/clip1_16k.wav"));
  EncodeOptions o;
  int calls = 0;
  o.progress = [&](double) { return ++calls < 2; };
  EXPECT_THROW(enc->encode(audio.samples, o), Cancelled);
  EXPECT_EQ(calls, 2);
}
