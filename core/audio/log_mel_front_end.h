#pragma once
// The Whisper log-mel front end (formats.md §2), reproducing Hugging Face's WhisperFeatureExtractor and
// openai/whisper's log_mel_spectrogram to float tolerance:
//   periodic Hann(400), centred STFT with reflect padding (200 samples each side), hop 160, power |X|^2,
//   the last frame dropped, Slaney mel filters, log10(max(mel, 1e-10)), clamp to (max - 8) where max is
//   over the whole window, then (x + 4) / 4.
//
// Padding. kPadToWindow is the Hugging Face default and the reference pipeline: the waveform is zero-padded
// (or truncated) to window_samples before the STFT, so the output always has window_samples / hop frames
// and the max is taken over the padded silence too. kNone is padding="longest" (and openai's
// log_mel_spectrogram without pad_or_trim): floor(n / hop) frames.
//
// Long audio is the caller's business: split it into windows (StreamingWindows in the pipeline) and call
// compute() per window, which is what the reference would do with each 30 s chunk.

#include <string>
#include <vector>

#include "core/io/recording_types.h"

namespace steerscope {

struct LogMelConfig {
  int n_mels = 80;
  int n_fft = 400;
  int hop_length = 160;
  int sample_rate = 16000;
  double window_seconds = 30.0;  // chunk_length; the encoder's input window
  double dither = 0.0;           // accepted from preprocessor_config.json; must be 0 (deterministic)

  int window_samples() const { return static_cast<int>(window_seconds * sample_rate + 0.5); }
  int window_frames() const { return window_samples() / hop_length; }

  // Reads a Hugging Face preprocessor_config.json (feature_size, n_fft, hop_length, sampling_rate,
  // chunk_length, dither). Throws Error naming the file and key for missing/invalid values.
  static LogMelConfig from_preprocessor_config(const std::string& path);
};

enum class MelPadding { kPadToWindow, kNone };

class LogMelFrontEnd {
 public:
  explicit LogMelFrontEnd(const LogMelConfig& config);
  ~LogMelFrontEnd();
  LogMelFrontEnd(const LogMelFrontEnd&) = delete;
  LogMelFrontEnd& operator=(const LogMelFrontEnd&) = delete;

  const LogMelConfig& config() const { return config_; }

  // samples: mono at config().sample_rate, at most one window (longer input is truncated to the window,
  // as Hugging Face does). Returns [n_mels, frames]. Throws Error for empty input.
  FloatMatrix compute(const float* samples, size_t n, MelPadding padding) const;
  FloatMatrix compute(const std::vector<float>& samples, MelPadding padding) const {
    return compute(samples.data(), samples.size(), padding);
  }

  // Frames compute() returns for n samples.
  int64_t frame_count(size_t n, MelPadding padding) const;

 private:
  struct Plan;
  LogMelConfig config_;
  std::vector<float> filters_;  // [n_mels, n_fft/2+1]
  std::vector<double> window_;  // periodic Hann
  Plan* plan_;
};

}  // namespace steerscope
