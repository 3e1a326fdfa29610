#pragma once
// The display spectrogram: a short-time Fourier transform with user-chosen window length, shape and hop,
// in dB, for the workbench's spectrogram pane (Sonic Visualiser's and Praat's settings, anchors.md A.1,
// A.2). Not the model's input: that is LogMelFrontEnd, which the workbench shows from the recording's
// stored log-mel instead.
//
// Conventions:
//  - Frame i is centred on sample i * hop. Samples outside [0, n) read as zero (no reflection: a display
//    should not invent signal at the edges). frame_count(n) = ceil(n / hop) frames cover the audio.
//  - Windows are "periodic" (DFT-even), the usual choice for spectral analysis (scipy's get_window
//    default): Hann w[k] = 0.5 - 0.5 cos(2πk/N); Hamming 0.54 - 0.46 cos(2πk/N); Blackman
//    0.42 - 0.5 cos(2πk/N) + 0.08 cos(4πk/N), k = 0..N-1, N = window_size (the FFT length).
//  - Values are power in dB relative to a full-scale sine: 20 log10(|X_k| / (Σw / 2)), so a sine of
//    amplitude A whose frequency falls on bin k reads 20 log10(A) dB there (0 dB at A = 1), whatever the
//    window. Silence reads kFloorDb.
//
// Thread safety: a Spectrogram is immutable after construction; compute functions may run concurrently
// from several threads (each call uses its own buffers; FFTW executes a shared plan on new arrays).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

enum class SpectrogramWindow { kHann, kHamming, kBlackman };

// "hann", "hamming", "blackman".
const char* spectrogram_window_name(SpectrogramWindow window);
// Inverse of spectrogram_window_name; throws Error naming the value otherwise.
SpectrogramWindow parse_spectrogram_window(const std::string& name);

struct SpectrogramConfig {
  int window_size = 512;  // samples per frame = FFT length; >= 2
  int hop = 160;          // samples between frame centres; >= 1
  SpectrogramWindow window = SpectrogramWindow::kHann;
  int sample_rate = 16000;

  bool operator==(const SpectrogramConfig& o) const {
    return window_size == o.window_size && hop == o.hop && window == o.window && sample_rate == o.sample_rate;
  }
};

class Spectrogram {
 public:
  static constexpr float kFloorDb = -200.0f;

  // Throws Error for window_size < 2, hop < 1, sample_rate < 1, or window_size > 65536.
  explicit Spectrogram(const SpectrogramConfig& config);
  ~Spectrogram();
  Spectrogram(const Spectrogram&) = delete;
  Spectrogram& operator=(const Spectrogram&) = delete;

  const SpectrogramConfig& config() const { return config_; }
  int bins() const { return config_.window_size / 2 + 1; }  // 0 Hz .. Nyquist
  double bin_frequency_hz(double bin) const { return bin * config_.sample_rate / config_.window_size; }
  double frame_rate_hz() const { return double(config_.sample_rate) / config_.hop; }
  double frame_centre_s(int64_t frame) const { return double(frame) * config_.hop / config_.sample_rate; }
  int64_t frame_count(size_t samples) const {
    return int64_t((samples + size_t(config_.hop) - 1) / size_t(config_.hop));
  }
  const std::vector<double>& window() const { return window_; }  // [window_size]

  // One frame: out[bins()] receives the dB values of frame `frame` of samples[0, n).
  void frame_db(const float* samples, size_t n, int64_t frame, float* out) const;
  // Frames [first, first + count): returns [count, bins()]. Frames past the end read as silence.
  FloatMatrix compute_db(const float* samples, size_t n, int64_t first, int64_t count) const;

 private:
  struct Plan;
  SpectrogramConfig config_;
  std::vector<double> window_;
  double reference_ = 1.0;  // Σw / 2: |X_k| of a full-scale sine on bin k
  Plan* plan_ = nullptr;
};

}  // namespace steerscope
