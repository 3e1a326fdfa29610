#pragma once
// Audio input and output. Any format libsndfile reads (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF, ...) is
// decoded to float in [-1, 1] (16-bit PCM is divided by 32768, as openai/whisper and the reference's
// preprocessing do), mixed down to mono by averaging the channels, and resampled to the model rate with
// libsamplerate's best sinc converter.
//
// AudioStream decodes incrementally so that long recordings are processed window by window in bounded
// memory; load_audio() is the convenience for whole files.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace steerscope {

struct AudioInfo {
  int sample_rate = 0;     // of the file
  int channels = 0;        // of the file
  int64_t frames = 0;      // per channel, in the file's rate
  std::string format;      // libsndfile's name for the container/codec, e.g. "WAV (Microsoft) / Signed 16 bit PCM"
  double duration_s() const { return sample_rate > 0 ? double(frames) / sample_rate : 0.0; }
};

class AudioStream {
 public:
  // Opens path and prepares conversion to mono at target_rate. Throws Error naming the file if it cannot
  // be opened or is not audio.
  AudioStream(const std::string& path, int target_rate = 16000);
  ~AudioStream();
  AudioStream(const AudioStream&) = delete;
  AudioStream& operator=(const AudioStream&) = delete;

  const AudioInfo& info() const { return info_; }
  int target_rate() const { return target_rate_; }
  // Approximate number of output samples (exact for files already at target_rate).
  int64_t expected_output_samples() const;

  // Appends up to max_samples mono samples at target_rate to out; returns how many were appended, 0 at the
  // end of the file.
  size_t read(std::vector<float>& out, size_t max_samples);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  AudioInfo info_;
  int target_rate_;
};

struct AudioBuffer {
  std::vector<float> samples;  // mono, at sample_rate
  int sample_rate = 0;
  AudioInfo source;            // the file as it was before conversion
  double duration_s() const { return sample_rate > 0 ? double(samples.size()) / sample_rate : 0.0; }
};

// Decodes the whole file to mono at target_rate. Throws Error naming the file for unreadable, non-audio
// or zero-length files.
AudioBuffer load_audio(const std::string& path, int target_rate = 16000);

// Resamples mono audio (whole buffer). Identity when the rates are equal.
std::vector<float> resample(const std::vector<float>& in, int from_rate, int to_rate);

// Writes mono float samples as 16-bit PCM WAV (clipped to [-1, 1]).
void write_wav_pcm16(const std::string& path, const std::vector<float>& samples, int sample_rate);

}  // namespace steerscope
