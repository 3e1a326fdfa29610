// Pins the Whisper front end to the references computed by Hugging Face's WhisperFeatureExtractor and
// openai/whisper on the fixture clips (tests/data/fixtures/expected/<clip>.logmel_*.npy).
#include "core/audio/log_mel_front_end.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/audio/mel_filter_bank.h"
#include "core/io/audio_file.h"
#include "core/util/error.h"
#include "core/util/npy_file.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

double max_abs_diff(const FloatMatrix& m, const NpyArray& ref) {
  EXPECT_EQ(ref.shape, (std::vector<int64_t>{m.rows, m.cols}));
  auto r = ref.to_float();
  double worst = 0;
  for (size_t i = 0; i < r.size() && i < m.values.size(); ++i) worst = std::max(worst, double(std::fabs(r[i] - m.values[i])));
  return worst;
}

LogMelFrontEnd fixture_front_end() {
  return LogMelFrontEnd(LogMelConfig::from_preprocessor_config(test::data_path("fixtures/whisper_tiny/preprocessor_config.json")));
}

}  // namespace

class LogMelConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(LogMelConformance, PaddedMatchesHuggingFace) {
  const std::string clip = GetParam();
  auto audio = load_audio(test::data_path("fixtures/audio/" + clip + "_16k.wav"));
  auto fe = fixture_front_end();
  auto mel = fe.compute(audio.samples, MelPadding::kPadToWindow);
  EXPECT_LE(max_abs_diff(mel, read_npy(test::data_path("fixtures/expected/" + clip + ".logmel_hf_padded.npy"))), 1e-4);
}

TEST_P(LogMelConformance, UnpaddedMatchesHuggingFaceAndOpenAI) {
  const std::string clip = GetParam();
  auto audio = load_audio(test::data_path("fixtures/audio/" + clip + "_16k.wav"));
  auto fe = fixture_front_end();
  auto mel = fe.compute(audio.samples, MelPadding::kNone);
  EXPECT_EQ(mel.cols, fe.frame_count(audio.samples.size(), MelPadding::kNone));
  EXPECT_LE(max_abs_diff(mel, read_npy(test::data_path("fixtures/expected/" + clip + ".logmel_hf_unpadded.npy"))), 1e-4);
  EXPECT_LE(max_abs_diff(mel, read_npy(test::data_path("fixtures/expected/" + clip + ".logmel_openai_unpadded.npy"))), 1e-4);
}

INSTANTIATE_TEST_SUITE_P(Clips, LogMelConformance, ::testing::Values("clip0", "clip1", "clip2"));

TEST(LogMelFrontEnd, OpenAIPadOrTrimEqualsHuggingFacePadding) {
  auto audio = load_audio(test::data_path("fixtures/audio/clip0_16k.wav"));
  auto mel = fixture_front_end().compute(audio.samples, MelPadding::kPadToWindow);
  EXPECT_LE(max_abs_diff(mel, read_npy(test::data_path("fixtures/expected/clip0.logmel_openai_padded.npy"))), 1e-4);
}

TEST(LogMelFrontEnd, ShortWindowGivesWindowFrames) {
  LogMelConfig c;
  c.window_seconds = 8.0;
  LogMelFrontEnd fe(c);
  std::vector<float> s(16000, 0.1f);
  auto mel = fe.compute(s, MelPadding::kPadToWindow);
  EXPECT_EQ(mel.rows, 80);
  EXPECT_EQ(mel.cols, 800);
}

TEST(LogMelFrontEnd, RejectsEmptyAudioAndDither) {
  auto fe = fixture_front_end();
  EXPECT_THROW(fe.compute(nullptr, 0, MelPadding::kNone), Error);
  auto dir = test::scratch_dir("logmel-dither");
  std::ofstream(dir / "p.json") << R"({"feature_size": 80, "dither": 0.5})";
  try {
    LogMelConfig::from_preprocessor_config((dir / "p.json").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("dither"), std::string::npos);
  }
}

TEST(MelFilterBank, SlaneyScaleMatchesLibrosaConstants) {
  EXPECT_NEAR(MelFilterBank::hz_to_mel(8000.0), 45.245640471924965, 1e-12);
  EXPECT_NEAR(MelFilterBank::mel_to_hz(MelFilterBank::hz_to_mel(3210.0)), 3210.0, 1e-9);
  MelFilterBank fb(128, 400, 16000);
  EXPECT_EQ(fb.n_bins(), 201);
  // Every filter is a non-empty triangle.
  for (int m = 0; m < 128; ++m) {
    float peak = 0;
    for (int k = 0; k < 201; ++k) peak = std::max(peak, fb.weight(m, k));
    EXPECT_GT(peak, 0.0f) << "mel " << m;
  }
}
