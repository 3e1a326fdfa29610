// The waveform envelopes give exactly the extremes of any sample range, however the range falls on the
// block ladder, at a cost that does not grow with the range; and a recording's source audio is found
// after both were moved.
#include "views/waveform_summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "views/source_audio.h"

using namespace steerscope::views;

TEST(WaveformSummary, ExtremesMatchABruteForceScan) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
  std::vector<float> s(200003);
  for (auto& v : s) v = uni(rng) * uni(rng);
  WaveformSummary w(s.data(), s.size());
  std::uniform_int_distribution<int64_t> pos(0, int64_t(s.size()));
  for (int trial = 0; trial < 500; ++trial) {
    int64_t a = pos(rng), b = pos(rng);
    if (a > b) std::swap(a, b);
    if (trial % 5 == 0) b = std::min<int64_t>(int64_t(s.size()), a + trial % 130);  // short ranges too
    const SampleExtremes e = w.extremes(s.data(), s.size(), a, b);
    if (a == b) {
      EXPECT_EQ(e.min, 0.0f);
      EXPECT_EQ(e.max, 0.0f);
      continue;
    }
    const auto [lo, hi] = std::minmax_element(s.begin() + a, s.begin() + b);
    ASSERT_EQ(e.min, *lo) << a << ".." << b;
    ASSERT_EQ(e.max, *hi) << a << ".." << b;
  }
}

TEST(WaveformSummary, RangesAreClippedToTheAudio) {
  std::vector<float> s = {0.1f, -0.5f, 0.3f};
  WaveformSummary w(s.data(), s.size());
  const SampleExtremes e = w.extremes(s.data(), s.size(), -10, 100);
  EXPECT_EQ(e.min, -0.5f);
  EXPECT_EQ(e.max, 0.3f);
}

TEST(WaveformSummary, AnHourOfAudioCostsLittleMemoryAndColumnsReadItsEnvelopes) {
  std::vector<float> s(size_t(16000) * 3600, 0.0f);
  s[123456789 % s.size()] = 0.9f;
  WaveformSummary w(s.data(), s.size());
  EXPECT_LT(w.memoryBytes(), size_t(12) << 20);
  // One paint at full zoom-out: 2000 columns of 28800 samples each (a multiple of the 64-sample base
  // block). The columns are read against other raw samples (all 0.5): a column that scanned its samples
  // would see 0.5, one answered from the envelopes of the summarised audio sees the spike and zeros.
  // (The paint time itself is measured by bench_views.)
  const std::vector<float> other(s.size(), 0.5f);
  float peak = 0.0f;
  const int64_t per = int64_t(s.size()) / 2000;
  for (int64_t c = 0; c < 2000; ++c) {
    const SampleExtremes e = w.extremes(other.data(), other.size(), c * per, (c + 1) * per);
    ASSERT_EQ(e.min, 0.0f) << "column " << c;
    peak = std::max(peak, e.max);
  }
  EXPECT_EQ(peak, 0.9f);
}

TEST(SourceAudio, IsFoundWhereTheRecordingWasMovedWithIt) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("steerscope-test-source-audio-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "bundle" / "clips");
  std::ofstream(root / "bundle" / "clips" / "a.wav") << "x";
  const std::string recorded = "/somewhere/else/demo/clips/a.wav";  // as written when the recording was made
  std::string tried;
  EXPECT_EQ(steerscope::views::findRecordedFile(recorded, (root / "bundle").string(), &tried),
            (root / "bundle" / "clips" / "a.wav").string());
  tried.clear();
  EXPECT_EQ(steerscope::views::findRecordedFile(recorded, (root / "elsewhere").string(), &tried), "");
  EXPECT_NE(tried.find("clips/a.wav: not found"), std::string::npos) << tried;
  fs::remove_all(root);
}
