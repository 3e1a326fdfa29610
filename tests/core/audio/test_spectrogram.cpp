// Pins the display spectrogram (core/audio/spectrogram.h): dB calibration against a full-scale sine for
// every window shape, agreement with a direct DFT, frame placement and zero padding at the edges, and
// thread safety of concurrent computation.
#include "core/audio/spectrogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <thread>

#include "core/util/error.h"

using namespace steerscope;

namespace {

std::vector<float> sine(double hz, double amplitude, int rate, size_t n) {
  std::vector<float> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = float(amplitude * std::sin(2.0 * M_PI * hz * double(i) / rate));
  return s;
}

}  // namespace

TEST(Spectrogram, SineOnABinReadsItsAmplitudeInDbForEveryWindow) {
  for (auto w : {SpectrogramWindow::kHann, SpectrogramWindow::kHamming, SpectrogramWindow::kBlackman}) {
    SpectrogramConfig c;
    c.window_size = 512;
    c.hop = 128;
    c.window = w;
    Spectrogram s(c);
    const int bin = 40;  // 1250 Hz at 16 kHz / 512
    const auto x = sine(s.bin_frequency_hz(bin), 0.5, c.sample_rate, 16000);
    std::vector<float> out(size_t(s.bins()));
    s.frame_db(x.data(), x.size(), 50, out.data());  // a frame well inside the signal
    EXPECT_NEAR(out[bin], 20.0 * std::log10(0.5), 0.01) << spectrogram_window_name(w);
    // The peak is at the sine's bin, and far bins are far below it.
    EXPECT_EQ(std::max_element(out.begin(), out.end()) - out.begin(), bin) << spectrogram_window_name(w);
    EXPECT_LT(out[bin + 20], out[bin] - 30.0f) << spectrogram_window_name(w);
  }
}

TEST(Spectrogram, AgreesWithADirectDft) {
  SpectrogramConfig c;
  c.window_size = 100;  // not a power of two on purpose
  c.hop = 37;
  c.window = SpectrogramWindow::kHamming;
  Spectrogram s(c);
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  std::vector<float> x(1000);
  for (auto& v : x) v = normal(rng);
  const int64_t frame = 7;
  std::vector<float> out(size_t(s.bins()));
  s.frame_db(x.data(), x.size(), frame, out.data());
  const auto& w = s.window();
  double wsum = 0.0;
  for (double v : w) wsum += v;
  const int64_t begin = frame * c.hop - c.window_size / 2;
  for (int k = 0; k < s.bins(); ++k) {
    std::complex<double> acc = 0.0;
    for (int n = 0; n < c.window_size; ++n) {
      const int64_t i = begin + n;
      const double v = (i >= 0 && i < int64_t(x.size())) ? x[size_t(i)] * w[size_t(n)] : 0.0;
      acc += v * std::polar(1.0, -2.0 * M_PI * k * n / c.window_size);
    }
    const double db = 20.0 * std::log10(std::abs(acc) / (wsum / 2.0));
    EXPECT_NEAR(out[size_t(k)], db, 1e-3) << "bin " << k;
  }
}

TEST(Spectrogram, FramesAreCentredOnMultiplesOfTheHopAndZeroPadded) {
  SpectrogramConfig c;
  c.window_size = 64;
  c.hop = 10;
  Spectrogram s(c);
  EXPECT_EQ(s.frame_count(100), 10);
  EXPECT_EQ(s.frame_count(101), 11);
  EXPECT_DOUBLE_EQ(s.frame_centre_s(16), 160.0 / 16000.0);
  EXPECT_DOUBLE_EQ(s.frame_rate_hz(), 1600.0);
  // An impulse at sample 100 is seen by frames whose window covers it (centres 70..130 exclusive of the
  // far edge), and nowhere else.
  std::vector<float> x(400, 0.0f);
  x[100] = 1.0f;
  const auto m = s.compute_db(x.data(), x.size(), 0, s.frame_count(x.size()) + 3);
  EXPECT_EQ(m.rows, 43);
  for (int64_t f = 0; f < m.rows; ++f) {
    const int64_t first = f * c.hop - c.window_size / 2;
    const bool covers = 100 >= first && 100 < first + c.window_size && s.window()[size_t(100 - first)] > 0.0;
    EXPECT_EQ(m.at(f, 1) > Spectrogram::kFloorDb, covers) << "frame " << f;
  }
  // Frame 0 of a constant signal sees only the right half of its window (samples before 0 are zeros):
  // its DC level is that of a frame inside the signal times the share of the window's weight it keeps.
  std::vector<float> dc(1000, 0.25f);
  std::vector<float> first(size_t(s.bins())), inside(size_t(s.bins()));
  s.frame_db(dc.data(), dc.size(), 0, first.data());
  s.frame_db(dc.data(), dc.size(), 50, inside.data());
  double total = 0.0, kept = 0.0;
  for (int k = 0; k < c.window_size; ++k) {
    total += s.window()[size_t(k)];
    if (k >= c.window_size / 2) kept += s.window()[size_t(k)];
  }
  EXPECT_NEAR(inside[0] - first[0], 20.0 * std::log10(total / kept), 1e-3);
}

TEST(Spectrogram, SilenceReadsTheFloor) {
  Spectrogram s(SpectrogramConfig{});
  std::vector<float> x(2000, 0.0f);
  const auto m = s.compute_db(x.data(), x.size(), 0, 4);
  for (float v : m.values) EXPECT_EQ(v, Spectrogram::kFloorDb);
}

TEST(Spectrogram, InvalidSettingsAreErrorsNamingTheValue) {
  SpectrogramConfig c;
  c.window_size = 1;
  try {
    Spectrogram s(c);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("window size 1"), std::string::npos) << e.what();
  }
  c = {};
  c.hop = 0;
  EXPECT_THROW(Spectrogram{c}, Error);
  EXPECT_THROW(parse_spectrogram_window("kaiser"), Error);
  for (auto w : {SpectrogramWindow::kHann, SpectrogramWindow::kHamming, SpectrogramWindow::kBlackman})
    EXPECT_EQ(parse_spectrogram_window(spectrogram_window_name(w)), w);
}

TEST(Spectrogram, ConcurrentComputationGivesTheSameResult) {
  SpectrogramConfig c;
  c.window_size = 1024;
  c.hop = 256;
  Spectrogram s(c);
  const auto x = sine(440.0, 0.3, c.sample_rate, 48000);
  const auto expected = s.compute_db(x.data(), x.size(), 0, s.frame_count(x.size()));
  std::vector<FloatMatrix> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      // Another planner in a concurrent thread must not disturb the shared plan.
      SpectrogramConfig other;
      other.window_size = 256 + 2 * t;
      Spectrogram local(other);
      results[size_t(t)] = s.compute_db(x.data(), x.size(), 0, s.frame_count(x.size()));
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, expected);
}
