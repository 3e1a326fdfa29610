#include "core/io/audio_file.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/util/error.h"
#include "tests/test_support.h"

using namespace steerscope;

TEST(AudioFile, Reads16kWavAsInt16Over32768) {
  auto a = load_audio(test::data_path("fixtures/audio/clip0_16k.wav"));
  EXPECT_EQ(a.sample_rate, 16000);
  EXPECT_EQ(a.source.sample_rate, 16000);
  EXPECT_EQ(a.samples.size(), 47360u);
  // 16-bit PCM scaled by 1/32768: every sample is k/32768 exactly.
  for (size_t i = 0; i < 1000; ++i) {
    float k = a.samples[i] * 32768.0f;
    EXPECT_EQ(k, std::round(k));
  }
}

TEST(AudioFile, ResamplesTo16kAndKeepsDuration) {
  auto orig = load_audio(test::data_path("fixtures/audio/clip1_orig_22050.wav"));
  EXPECT_EQ(orig.source.sample_rate, 22050);
  EXPECT_NEAR(orig.duration_s(), 65803.0 / 22050.0, 2.0 / 16000);
  // Compared with sox's resample of the same file (the first 47397 samples): not bit-equal (different
  // converters) but the same signal.
  auto sox = load_audio(test::data_path("fixtures/audio/clip1_16k.wav"));
  double num = 0, den = 0;
  for (size_t i = 0; i < sox.samples.size(); ++i) {
    double d = orig.samples[i] - sox.samples[i];
    num += d * d;
    den += double(sox.samples[i]) * sox.samples[i];
  }
  EXPECT_LT(num / den, 1e-3) << "relative error energy";
}

TEST(AudioFile, StreamingReadEqualsWholeFile) {
  const auto path = test::data_path("fixtures/audio/clip1_orig_22050.wav");
  auto whole = load_audio(path);
  AudioStream s(path, 16000);
  std::vector<float> pieces;
  while (s.read(pieces, 1234) > 0) {
  }
  EXPECT_EQ(pieces, whole.samples);
}

TEST(AudioFile, StereoIsMixedDown) {
  auto dir = test::scratch_dir("audio-stereo");
  // Write a mono file, then a stereo one through libsndfile's raw API via write_wav_pcm16 twice is not
  // possible; build the stereo WAV by hand.
  const int n = 1600;
  std::vector<int16_t> inter(2 * n);
  for (int i = 0; i < n; ++i) { inter[2 * i] = 1000; inter[2 * i + 1] = 3000; }
  std::ofstream f(dir / "s.wav", std::ios::binary);
  auto u32 = [&](uint32_t v) { f.write(reinterpret_cast<char*>(&v), 4); };
  auto u16 = [&](uint16_t v) { f.write(reinterpret_cast<char*>(&v), 2); };
  f.write("RIFF", 4); u32(36 + 4 * n); f.write("WAVEfmt ", 8); u32(16); u16(1); u16(2); u32(16000); u32(64000);
  u16(4); u16(16); f.write("data", 4); u32(4 * n);
  f.write(reinterpret_cast<char*>(inter.data()), 4 * n);
  f.close();
  auto a = load_audio((dir / "s.wav").string());
  ASSERT_EQ(a.samples.size(), size_t(n));
  EXPECT_FLOAT_EQ(a.samples[10], 2000.0f / 32768.0f);
}

TEST(AudioFile, BadInputsNameTheFile) {
  auto dir = test::scratch_dir("audio-bad");
  std::ofstream(dir / "text.wav") << "this is not audio";
  try {
    load_audio((dir / "text.wav").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("text.wav"), std::string::npos);
  }
  write_wav_pcm16((dir / "empty.wav").string(), {}, 16000);
  try {
    load_audio((dir / "empty.wav").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no samples"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_audio((dir / "missing.wav").string()), Error);
  EXPECT_THROW(load_audio(dir.string()), Error);
}

TEST(AudioFile, WavRoundTrip) {
  auto dir = test::scratch_dir("audio-rt");
  std::vector<float> s(800);
  for (size_t i = 0; i < s.size(); ++i) s[i] = std::round(8000.0 * std::sin(i * 0.05)) / 32768.0f;
  write_wav_pcm16((dir / "x.wav").string(), s, 16000);
  auto a = load_audio((dir / "x.wav").string());
  EXPECT_EQ(a.samples, s);
}
