#include "core/audio/mel_filter_bank.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace steerscope {

namespace {
constexpr double kMinLogHz = 1000.0;
constexpr double kMinLogMel = 15.0;  // kMinLogHz * 3 / 200
const double kLogStep = std::log(6.4) / 27.0;
}  // namespace

double MelFilterBank::hz_to_mel(double hz) {
  if (hz < kMinLogHz) return 3.0 * hz / 200.0;
  return kMinLogMel + std::log(hz / kMinLogHz) / kLogStep;
}

double MelFilterBank::mel_to_hz(double mel) {
  if (mel < kMinLogMel) return 200.0 * mel / 3.0;
  return kMinLogHz * std::exp((mel - kMinLogMel) * kLogStep);
}

MelFilterBank::MelFilterBank(int n_mels, int n_fft, int sample_rate, double f_min, double f_max)
    : n_mels_(n_mels), n_bins_(n_fft / 2 + 1) {
  if (n_mels <= 0 || n_fft <= 0 || sample_rate <= 0)
    throw Error("mel filter bank: n_mels, n_fft and sample_rate must be positive");
  if (f_max < 0) f_max = sample_rate / 2.0;
  const double mel_lo = hz_to_mel(f_min), mel_hi = hz_to_mel(f_max);
  std::vector<double> f_pts(size_t(n_mels) + 2);
  for (int i = 0; i < n_mels + 2; ++i) f_pts[i] = mel_to_hz(mel_lo + (mel_hi - mel_lo) * i / (n_mels + 1));
  weights_.assign(size_t(n_mels) * n_bins_, 0.0f);
  for (int m = 0; m < n_mels; ++m) {
    const double lo = f_pts[m], centre = f_pts[m + 1], hi = f_pts[m + 2];
    const double norm = 2.0 / (hi - lo);
    for (int k = 0; k < n_bins_; ++k) {
      const double f = double(k) * sample_rate / n_fft;
      const double lower = (f - lo) / (centre - lo);
      const double upper = (hi - f) / (hi - centre);
      const double w = std::max(0.0, std::min(lower, upper));
      weights_[size_t(m) * n_bins_ + k] = static_cast<float>(w * norm);
    }
  }
}

}  // namespace steerscope
