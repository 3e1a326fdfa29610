#include "core/io/audio_file.h"

#include <samplerate.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/util/error.h"

namespace steerscope {

namespace {

std::string format_name(int format) {
  SF_FORMAT_INFO major{}, sub{};
  major.format = format & SF_FORMAT_TYPEMASK;
  sub.format = format & SF_FORMAT_SUBMASK;
  std::string s;
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &major, sizeof major) == 0 && major.name) s = major.name;
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &sub, sizeof sub) == 0 && sub.name) s += std::string(" / ") + sub.name;
  return s;
}

}  // namespace

struct AudioStream::Impl {
  SNDFILE* file = nullptr;
  SRC_STATE* src = nullptr;
  double ratio = 1.0;
  bool input_done = false;
  std::vector<float> interleaved;  // decode buffer, file rate, all channels
  std::vector<float> mono;         // pending mono input not yet consumed by the resampler
  size_t mono_pos = 0;

  ~Impl() {
    if (src) src_delete(src);
    if (file) sf_close(file);
  }
};

AudioStream::AudioStream(const std::string& path, int target_rate) : impl_(new Impl), target_rate_(target_rate) {
  if (target_rate <= 0) throw Error("invalid target sample rate " + std::to_string(target_rate));
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a directory, expected an audio file");
  SF_INFO sfi{};
  impl_->file = sf_open(path.c_str(), SFM_READ, &sfi);
  if (!impl_->file) {
    std::string why = sf_strerror(nullptr);
    throw Error(path + ": not a readable audio file (" + why + ")");
  }
  info_.sample_rate = sfi.samplerate;
  info_.channels = sfi.channels;
  info_.frames = sfi.frames;
  info_.format = format_name(sfi.format);
  if (sfi.channels <= 0 || sfi.samplerate <= 0)
    throw Error(path + ": invalid audio header (" + std::to_string(sfi.channels) + " channels, " +
                std::to_string(sfi.samplerate) + " Hz)");
  // Float reads of integer PCM are scaled by 1/32768 (for 16 bit) rather than 1/32767, as in whisper.
  sf_command(impl_->file, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
  if (sfi.samplerate != target_rate) {
    int err = 0;
    impl_->src = src_new(SRC_SINC_BEST_QUALITY, 1, &err);
    if (!impl_->src) throw Error(std::string("libsamplerate: ") + src_strerror(err));
    impl_->ratio = double(target_rate) / sfi.samplerate;
  }
}

AudioStream::~AudioStream() = default;

int64_t AudioStream::expected_output_samples() const {
  return static_cast<int64_t>(std::llround(double(info_.frames) * target_rate_ / info_.sample_rate));
}

size_t AudioStream::read(std::vector<float>& out, size_t max_samples) {
  Impl& s = *impl_;
  const int ch = info_.channels;
  const size_t start = out.size();
  constexpr size_t kChunk = 16384;

  auto refill = [&]() {
    // Decodes the next piece of the file into s.mono (mixed down).
    if (s.input_done) return;
    s.interleaved.resize(kChunk * ch);
    sf_count_t got = sf_readf_float(s.file, s.interleaved.data(), kChunk);
    if (got <= 0) {
      s.input_done = true;
      return;
    }
    s.mono.erase(s.mono.begin(), s.mono.begin() + static_cast<std::ptrdiff_t>(s.mono_pos));
    s.mono_pos = 0;
    for (sf_count_t i = 0; i < got; ++i) {
      float acc = 0.0f;
      for (int c = 0; c < ch; ++c) acc += s.interleaved[size_t(i) * ch + c];
      s.mono.push_back(ch == 1 ? acc : acc / ch);
    }
  };

  while (out.size() - start < max_samples) {
    if (s.mono_pos >= s.mono.size() && !s.input_done) refill();
    const size_t want = max_samples - (out.size() - start);
    if (!s.src) {
      size_t avail = s.mono.size() - s.mono_pos;
      if (avail == 0) break;
      size_t take = std::min(avail, want);
      out.insert(out.end(), s.mono.begin() + static_cast<std::ptrdiff_t>(s.mono_pos),
                 s.mono.begin() + static_cast<std::ptrdiff_t>(s.mono_pos + take));
      s.mono_pos += take;
      continue;
    }
    std::vector<float> buf(std::min<size_t>(want, kChunk));
    SRC_DATA d{};
    d.data_in = s.mono.data() + s.mono_pos;
    d.input_frames = static_cast<long>(s.mono.size() - s.mono_pos);
    d.data_out = buf.data();
    d.output_frames = static_cast<long>(buf.size());
    d.src_ratio = s.ratio;
    d.end_of_input = s.input_done ? 1 : 0;
    int err = src_process(s.src, &d);
    if (err) throw Error(std::string("libsamplerate: ") + src_strerror(err));
    s.mono_pos += static_cast<size_t>(d.input_frames_used);
    out.insert(out.end(), buf.begin(), buf.begin() + d.output_frames_gen);
    if (d.output_frames_gen == 0 && d.input_frames_used == 0 && s.input_done) break;
  }
  return out.size() - start;
}

AudioBuffer load_audio(const std::string& path, int target_rate) {
  AudioStream stream(path, target_rate);
  AudioBuffer buf;
  buf.sample_rate = target_rate;
  buf.source = stream.info();
  buf.samples.reserve(static_cast<size_t>(std::max<int64_t>(0, stream.expected_output_samples())));
  while (stream.read(buf.samples, 1 << 20) > 0) {
  }
  if (buf.samples.empty()) throw Error(path + ": audio file has no samples");
  return buf;
}

std::vector<float> resample(const std::vector<float>& in, int from_rate, int to_rate) {
  if (from_rate == to_rate || in.empty()) return in;
  if (from_rate <= 0 || to_rate <= 0) throw Error("resample: invalid sample rates");
  const double ratio = double(to_rate) / from_rate;
  std::vector<float> out(static_cast<size_t>(std::ceil(in.size() * ratio)) + 16);
  SRC_DATA d{};
  d.data_in = in.data();
  d.input_frames = static_cast<long>(in.size());
  d.data_out = out.data();
  d.output_frames = static_cast<long>(out.size());
  d.src_ratio = ratio;
  d.end_of_input = 1;
  int err = src_simple(&d, SRC_SINC_BEST_QUALITY, 1);
  if (err) throw Error(std::string("libsamplerate: ") + src_strerror(err));
  out.resize(static_cast<size_t>(d.output_frames_gen));
  return out;
}

void write_wav_pcm16(const std::string& path, const std::vector<float>& samples, int sample_rate) {
  SF_INFO sfi{};
  sfi.samplerate = sample_rate;
  sfi.channels = 1;
  sfi.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &sfi);
  if (!f) throw Error(path + ": cannot create WAV file (" + sf_strerror(nullptr) + ")");
  // Clip explicitly: libsndfile would otherwise wrap values just above 1.0.
  sf_command(f, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  sf_count_t n = sf_writef_float(f, samples.data(), static_cast<sf_count_t>(samples.size()));
  sf_close(f);
  if (n != static_cast<sf_count_t>(samples.size())) throw Error(path + ": short write");
}

}  // namespace steerscope
