#pragma once
// Slaney-scale, Slaney-normalised triangular mel filters (librosa's defaults, which openai/whisper ships
// precomputed and Hugging Face recomputes; formats.md §2.3). Computed in double, stored as float32 like
// both references.

#include <cstddef>
#include <vector>

namespace steerscope {

class MelFilterBank {
 public:
  // n_fft_bins = n_fft / 2 + 1. Frequencies in Hz.
  MelFilterBank(int n_mels, int n_fft, int sample_rate, double f_min = 0.0, double f_max = -1.0);

  int n_mels() const { return n_mels_; }
  int n_bins() const { return n_bins_; }
  // Row-major [n_mels, n_bins].
  const std::vector<float>& weights() const { return weights_; }
  float weight(int mel, int bin) const { return weights_[size_t(mel) * n_bins_ + bin]; }

  static double hz_to_mel(double hz);  // Slaney scale
  static double mel_to_hz(double mel);

 private:
  int n_mels_, n_bins_;
  std::vector<float> weights_;
};

}  // namespace steerscope
