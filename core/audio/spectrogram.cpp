#include "core/audio/spectrogram.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <mutex>
#include <string>

#include "core/util/error.h"

namespace steerscope {

namespace {

// FFTW's planner is not thread-safe. LogMelFrontEnd guards its own planning with a private mutex, which
// does not exclude ours; fftw_make_planner_thread_safe() (libfftw3_threads) makes every planner call in
// the process take FFTW's own lock, so the two front ends can be built from different threads.
void make_fftw_planner_thread_safe() {
  static std::once_flag once;
  std::call_once(once, [] { fftw_make_planner_thread_safe(); });
}

}  // namespace

const char* spectrogram_window_name(SpectrogramWindow window) {
  switch (window) {
    case SpectrogramWindow::kHann:
      return "hann";
    case SpectrogramWindow::kHamming:
      return "hamming";
    case SpectrogramWindow::kBlackman:
      return "blackman";
  }
  return "hann";
}

SpectrogramWindow parse_spectrogram_window(const std::string& name) {
  if (name == "hann") return SpectrogramWindow::kHann;
  if (name == "hamming") return SpectrogramWindow::kHamming;
  if (name == "blackman") return SpectrogramWindow::kBlackman;
  throw Error("unknown spectrogram window '" + name + "' (expected hann, hamming or blackman)");
}

struct Spectrogram::Plan {
  fftw_plan plan = nullptr;
};

Spectrogram::Spectrogram(const SpectrogramConfig& config) : config_(config) {
  if (config.window_size < 2 || config.window_size > 65536)
    throw Error("spectrogram: window size " + std::to_string(config.window_size) +
                " is outside 2..65536 samples");
  if (config.hop < 1)
    throw Error("spectrogram: hop " + std::to_string(config.hop) + " must be at least 1 sample");
  if (config.sample_rate < 1)
    throw Error("spectrogram: sample rate " + std::to_string(config.sample_rate) + " must be positive");
  const int n = config.window_size;
  window_.resize(size_t(n));
  double sum = 0.0;
  for (int k = 0; k < n; ++k) {
    const double phase = 2.0 * M_PI * k / n;
    double w = 0.0;
    switch (config.window) {
      case SpectrogramWindow::kHann:
        w = 0.5 - 0.5 * std::cos(phase);
        break;
      case SpectrogramWindow::kHamming:
        w = 0.54 - 0.46 * std::cos(phase);
        break;
      case SpectrogramWindow::kBlackman:
        w = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2.0 * phase);
        break;
    }
    window_[size_t(k)] = w;
    sum += w;
  }
  reference_ = sum / 2.0;

  make_fftw_planner_thread_safe();
  std::vector<double> in(size_t(n), 0.0);
  std::vector<std::complex<double>> out(static_cast<size_t>(bins()));
  plan_ = new Plan;
  plan_->plan = fftw_plan_dft_r2c_1d(n, in.data(), reinterpret_cast<fftw_complex*>(out.data()),
                                     FFTW_ESTIMATE | FFTW_UNALIGNED);
  if (!plan_->plan) {
    delete plan_;
    throw Error("spectrogram: FFTW could not plan a " + std::to_string(n) + "-point FFT");
  }
}

Spectrogram::~Spectrogram() {
  if (plan_) {
    fftw_destroy_plan(plan_->plan);
    delete plan_;
  }
}

void Spectrogram::frame_db(const float* samples, size_t n, int64_t frame, float* out) const {
  const int size = config_.window_size;
  const int nb = bins();
  std::vector<double> buffer(static_cast<size_t>(size), 0.0);
  std::vector<std::complex<double>> spectrum(static_cast<size_t>(nb));
  // Frame `frame` spans samples [centre - size/2, centre - size/2 + size).
  const int64_t begin = frame * config_.hop - size / 2;
  bool any = false;
  for (int k = 0; k < size; ++k) {
    const int64_t s = begin + k;
    if (s >= 0 && s < int64_t(n)) {
      buffer[size_t(k)] = double(samples[s]) * window_[size_t(k)];
      any = any || samples[s] != 0.0f;
    }
  }
  if (!any) {
    std::fill(out, out + nb, kFloorDb);
    return;
  }
  fftw_execute_dft_r2c(plan_->plan, buffer.data(), reinterpret_cast<fftw_complex*>(spectrum.data()));
  // 10 log10(|X|^2 / ref^2); 1e-20 keeps log10 finite and maps to kFloorDb.
  const double inv_ref2 = 1.0 / (reference_ * reference_);
  for (int k = 0; k < nb; ++k) {
    const double p = std::norm(spectrum[size_t(k)]) * inv_ref2;
    out[k] = p > 1e-20 ? float(10.0 * std::log10(p)) : kFloorDb;
  }
}

FloatMatrix Spectrogram::compute_db(const float* samples, size_t n, int64_t first, int64_t count) const {
  if (count < 0) throw Error("spectrogram: negative frame count");
  FloatMatrix m(count, bins(), kFloorDb);
  for (int64_t i = 0; i < count; ++i)
    frame_db(samples, n, first + i, m.values.data() + size_t(i) * size_t(bins()));
  return m;
}

}  // namespace steerscope
