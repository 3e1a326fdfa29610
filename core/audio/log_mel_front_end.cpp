#include "core/audio/log_mel_front_end.h"

#include <fftw3.h>

#include <complex>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/audio/mel_filter_bank.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace steerscope {

namespace {
// FFTW's planner is not thread-safe; execution of an existing plan on new arrays is.
std::mutex& fftw_planner_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

struct LogMelFrontEnd::Plan {
  fftw_plan plan = nullptr;
};

LogMelConfig LogMelConfig::from_preprocessor_config(const std::string& path) {
  const auto j = read_json_file(path);
  LogMelConfig c;
  c.n_mels = static_cast<int>(optional_int(j, "feature_size", c.n_mels, path));
  c.n_fft = static_cast<int>(optional_int(j, "n_fft", c.n_fft, path));
  c.hop_length = static_cast<int>(optional_int(j, "hop_length", c.hop_length, path));
  c.sample_rate = static_cast<int>(optional_int(j, "sampling_rate", c.sample_rate, path));
  c.window_seconds = optional_number(j, "chunk_length", c.window_seconds, path);
  c.dither = optional_number(j, "dither", 0.0, path);
  if (c.n_mels <= 0 || c.n_fft <= 0 || c.hop_length <= 0 || c.sample_rate <= 0 || c.window_seconds <= 0)
    throw Error(path + ": feature_size, n_fft, hop_length, sampling_rate and chunk_length must be positive");
  if (c.dither != 0.0)
    throw Error(path + ": dither " + std::to_string(c.dither) +
                " is not supported (SteerScope keeps the front end deterministic; expected 0.0)");
  return c;
}

LogMelFrontEnd::LogMelFrontEnd(const LogMelConfig& config) : config_(config), plan_(new Plan) {
  if (config.n_fft < 2 || config.hop_length <= 0) throw Error("log-mel: invalid n_fft/hop_length");
  filters_ = MelFilterBank(config.n_mels, config.n_fft, config.sample_rate).weights();
  window_.resize(size_t(config.n_fft));
  for (int i = 0; i < config.n_fft; ++i) window_[i] = 0.5 - 0.5 * std::cos(2.0 * M_PI * i / config.n_fft);
  std::vector<double> in(size_t(config.n_fft));
  std::vector<std::complex<double>> out(size_t(config.n_fft / 2 + 1));
  std::lock_guard<std::mutex> lock(fftw_planner_mutex());
  plan_->plan = fftw_plan_dft_r2c_1d(config.n_fft, in.data(), reinterpret_cast<fftw_complex*>(out.data()),
                                     FFTW_ESTIMATE | FFTW_UNALIGNED);
  if (!plan_->plan) throw Error("log-mel: FFTW could not plan a " + std::to_string(config.n_fft) + "-point FFT");
}

LogMelFrontEnd::~LogMelFrontEnd() {
  std::lock_guard<std::mutex> lock(fftw_planner_mutex());
  if (plan_->plan) fftw_destroy_plan(plan_->plan);
  delete plan_;
}

int64_t LogMelFrontEnd::frame_count(size_t n, MelPadding padding) const {
  const size_t window = static_cast<size_t>(config_.window_samples());
  const size_t len = padding == MelPadding::kPadToWindow ? window : std::max<size_t>(std::min(n, window), size_t(config_.n_fft));
  return static_cast<int64_t>(len / size_t(config_.hop_length));  // 1 + len/hop STFT frames, minus the dropped last
}

FloatMatrix LogMelFrontEnd::compute(const float* samples, size_t n, MelPadding padding) const {
  if (n == 0) throw Error("log-mel: no audio samples");
  const int n_fft = config_.n_fft, hop = config_.hop_length, n_bins = n_fft / 2 + 1, n_mels = config_.n_mels;
  const size_t window = static_cast<size_t>(config_.window_samples());
  n = std::min(n, window);
  // Signal length after padding: the full window (HF max_length), or the audio itself. Very short audio
  // is zero-padded to one FFT length, because reflect padding needs more than n_fft/2 samples.
  const size_t len = padding == MelPadding::kPadToWindow ? window : std::max(n, size_t(n_fft));
  const int64_t frames = static_cast<int64_t>(len / size_t(hop));

  // Centre padding: reflect n_fft/2 samples at each end of the (zero-padded) signal.
  const size_t half = size_t(n_fft / 2);
  std::vector<double> padded(len + 2 * half, 0.0);
  for (size_t i = 0; i < n; ++i) padded[half + i] = samples[i];
  for (size_t k = 1; k <= half; ++k) {
    padded[half - k] = padded[half + std::min(k, len - 1)];
    padded[half + len - 1 + k] = padded[half + len - 1 - std::min(k, len - 1)];
  }

  FloatMatrix out(n_mels, frames);
  std::vector<double> frame(static_cast<size_t>(n_fft));
  std::vector<std::complex<double>> spec(static_cast<size_t>(n_bins));
  std::vector<double> power(static_cast<size_t>(n_bins));
  double max_log = -1e30;
  for (int64_t t = 0; t < frames; ++t) {
    const double* src = padded.data() + size_t(t) * hop;
    for (int i = 0; i < n_fft; ++i) frame[i] = src[i] * window_[i];
    fftw_execute_dft_r2c(plan_->plan, frame.data(), reinterpret_cast<fftw_complex*>(spec.data()));
    for (int k = 0; k < n_bins; ++k) power[k] = std::norm(spec[k]);
    for (int m = 0; m < n_mels; ++m) {
      const float* w = filters_.data() + size_t(m) * n_bins;
      double acc = 0.0;
      for (int k = 0; k < n_bins; ++k) acc += double(w[k]) * power[k];
      const double v = std::log10(std::max(acc, 1e-10));
      out.at(m, t) = static_cast<float>(v);
      max_log = std::max(max_log, v);
    }
  }
  const float floor_v = static_cast<float>(max_log - 8.0);
  for (auto& v : out.values) v = (std::max(v, floor_v) + 4.0f) / 4.0f;
  return out;
}

}  // namespace steerscope
