// A 10-minute recording is encoded window by window (20 x 30 s) in bounded memory: the peak resident set
// of steerscope-cli grows by far less than the audio and its log-mel would occupy if they were held whole.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cmath>
#include <random>

#include "core/io/audio_file.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

void write_tone(const std::string& path, double seconds) {
  std::vector<float> s(static_cast<size_t>(seconds * 16000));
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  for (size_t i = 0; i < s.size(); ++i) s[i] = 0.3f * std::sin(2 * M_PI * (200.0 + (i / 16000) % 7 * 50) * i / 16000.0) + noise(rng);
  write_wav_pcm16(path, s, 16000);
}

// Runs steerscope-cli encode on a file under GNU time and returns (stdout, peak RSS in KiB).
std::pair<std::string, long> encode_with_peak_rss(const std::string& wav, const std::string& csv) {
  const std::string cmd = test::cli_path() + " encode --encoder " + test::data_path("fixtures/whisper_tiny") +
                          " --steering " + test::data_path("fixtures/steermoe_ckpt/steering.safetensors") +
                          " --audio " + wav + " --out " + csv;
  auto r = test::run_shell("/usr/bin/time -f 'maxrss_kib=%M' " + cmd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto pos = r.err.find("maxrss_kib=");
  EXPECT_NE(pos, std::string::npos) << r.err;
  return {r.out, pos == std::string::npos ? 0L : std::stol(r.err.substr(pos + 11))};
}

}  // namespace

TEST(CliLongAudio, TenMinutesAreEncodedWindowByWindowInBoundedMemory) {
  auto dir = test::scratch_dir("long-audio");
  write_tone((dir / "one_minute.wav").string(), 60.0);
  write_tone((dir / "ten_minutes.wav").string(), 600.0);
  auto [out1, kib1] = encode_with_peak_rss((dir / "one_minute.wav").string(), (dir / "p1.csv").string());
  auto [out10, kib10] = encode_with_peak_rss((dir / "ten_minutes.wav").string(), (dir / "p10.csv").string());
  EXPECT_NE(out10.find("20 windows"), std::string::npos) << out10;
  EXPECT_NE(out10.find("7500 audio prompts"), std::string::npos) << out10;  // 20 x 375
  std::printf("peak RSS: 1 minute %.1f MiB, 10 minutes %.1f MiB\n", kib1 / 1024.0, kib10 / 1024.0);
  // Held whole, 10 minutes would add ~37 MiB of samples, ~23 MiB of log-mel and every window's
  // activations; window by window only the outputs grow (router traces and prompts: a few MiB here).
  EXPECT_LT(kib10 - kib1, 32 * 1024);
}
