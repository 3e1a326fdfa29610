#pragma once
// Synthetic recordings for the workbench tests, screenshots and benchmark: the fixture clips (real audio,
// so waveform, spectrogram, log-mel and playback are real), a phone tier laid over each clip's voiced
// part, and routing generated so that each layer's experts prefer phone classes, more sharply in deeper
// layers. That structure is what the views exist to reveal, so the tests can check that they do (a chart
// cell selects the frames of its expert and class; the comparison recovers a known expert relabelling).
// The data are synthetic and say so in their run info; the live tests use the fixture models instead.

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "analysis/phone_class.h"
#include "core/audio/log_mel_front_end.h"
#include "core/io/audio_file.h"
#include "core/io/recording_writer.h"
#include "tests/test_support.h"

namespace steerscope::test {

struct SyntheticRecordingOptions {
  int layers = 4;
  int experts = 8;
  int dim = 16;
  uint32_t seed = 1;
  // B side of a comparison: expert e of the A recording is stored as expert permutation[e], with small
  // noise; empty = A.
  std::vector<int> permutation;
  double noise = 0.05;
  bool with_log_mel = true;
  std::string transcript = "the quick brown fox jumps over the lazy dog";
};

// The phones of "the quick brown fox jumps over the lazy dog" (ARPAbet) and their word boundaries.
inline const std::vector<std::string>& samplePhones() {
  static const std::vector<std::string> p = {
      "DH", "AH0", "K", "W",   "IH1", "K",   "B",  "R",   "AW1", "N",   "F", "AA1", "K", "S",   "JH", "AH1",
      "M",  "P",   "S", "OW1", "V",   "ER0", "DH", "AH0", "L",   "EY1", "Z", "IY0", "D", "AO1", "G"};
  return p;
}
inline const std::vector<std::pair<std::string, int>>& sampleWords() {
  static const std::vector<std::pair<std::string, int>> w = {{"the", 2}, {"quick", 4}, {"brown", 4},
                                                             {"fox", 4}, {"jumps", 5}, {"over", 3},
                                                             {"the", 2}, {"lazy", 4},  {"dog", 3}};
  return w;
}

// Phone and word tiers over [speech_start, speech_end], silences around it; vowels last 1.6x longer.
inline std::vector<AlignmentTier> sampleTiers(double duration, double speech_start, double speech_end) {
  AlignmentTier phones{"phones", AlignmentTier::Kind::kInterval, {}};
  AlignmentTier words{"words", AlignmentTier::Kind::kInterval, {}};
  const auto& p = samplePhones();
  std::vector<double> weight;
  double total = 0;
  for (const auto& ph : p) {
    weight.push_back(analysis::classify_phone(ph) == analysis::PhoneClass::kVowel ? 1.6 : 1.0);
    total += weight.back();
  }
  if (speech_start > 0.0) phones.items.push_back({0.0, speech_start, "sil"});
  double t = speech_start;
  std::vector<double> starts;
  for (size_t i = 0; i < p.size(); ++i) {
    const double d = (speech_end - speech_start) * weight[i] / total;
    starts.push_back(t);
    phones.items.push_back({t, t + d, p[i]});
    t += d;
  }
  starts.push_back(speech_end);
  if (speech_end < duration) phones.items.push_back({speech_end, duration, "sil"});
  size_t k = 0;
  for (const auto& [word, count] : sampleWords()) {
    words.items.push_back({starts[k], starts[k + size_t(count)], word});
    k += size_t(count);
  }
  return {phones, words};
}

// The first and last time the audio's 20 ms RMS exceeds a tenth of its maximum.
inline std::pair<double, double> speechSpan(const std::vector<float>& s, int rate) {
  const size_t hop = size_t(rate / 50);
  std::vector<double> rms;
  for (size_t i = 0; i + hop <= s.size(); i += hop) {
    double e = 0;
    for (size_t j = i; j < i + hop; ++j) e += double(s[j]) * s[j];
    rms.push_back(std::sqrt(e / double(hop)));
  }
  const double peak = rms.empty() ? 0.0 : *std::max_element(rms.begin(), rms.end());
  size_t a = 0, b = rms.size();
  while (a < rms.size() && rms[a] < 0.1 * peak) ++a;
  while (b > a && rms[b - 1] < 0.1 * peak) --b;
  return {double(a) * hop / rate, double(b) * hop / rate};
}

inline ModelConstants syntheticConstants(const SyntheticRecordingOptions& o) {
  std::mt19937 rng(o.seed * 7919u + 3u);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  ModelConstants c;
  c.layers = o.layers;
  c.experts = o.experts;
  c.dim = o.dim;
  c.steering_vectors.resize(size_t(o.layers * o.experts * o.dim));
  for (auto& v : c.steering_vectors) v = normal(rng);
  for (int l = 0; l < o.layers; ++l) c.layer_scales.push_back(0.05f * float(l + 1));
  c.router_weight_norms.resize(size_t(o.layers * o.experts));
  for (auto& v : c.router_weight_norms) v = 1.0f + 0.1f * std::abs(normal(rng));
  if (!o.permutation.empty()) {
    // B: the same steering vectors under B's labels, slightly perturbed.
    ModelConstants b = c;
    std::mt19937 rng_b(o.seed * 31u + 11u);
    std::normal_distribution<float> small(0.0f, 0.05f);
    for (int l = 0; l < o.layers; ++l)
      for (int e = 0; e < o.experts; ++e)
        for (int d = 0; d < o.dim; ++d)
          b.steering_vectors[size_t((l * o.experts + o.permutation[size_t(e)]) * o.dim + d)] =
              c.steering_vectors[size_t((l * o.experts + e) * o.dim + d)] + small(rng_b);
    return b;
  }
  return c;
}

// Routing of one utterance: per layer, frames at 50 Hz whose preferred expert depends on the phone
// class under the frame (silence prefers the last expert), sharper with depth.
inline std::vector<RouterTrace> syntheticRouting(const std::vector<AlignmentItem>& phones, double duration,
                                                 const SyntheticRecordingOptions& o,
                                                 const ModelConstants& constants, uint32_t utterance_seed) {
  const double rate = 50.0;
  const int64_t frames = std::max<int64_t>(1, int64_t(std::ceil(duration * rate)));
  const int e_count = o.experts;
  std::vector<int> cls(static_cast<size_t>(frames), int(analysis::PhoneClass::kSilence));
  size_t k = 0;
  for (int64_t f = 0; f < frames; ++f) {
    const double t = (f + 0.5) / rate;
    while (k + 1 < phones.size() && phones[k].end_s <= t) ++k;
    if (k < phones.size() && t >= phones[k].start_s && t < phones[k].end_s)
      cls[size_t(f)] = int(analysis::classify_phone(phones[k].label));
  }
  std::vector<RouterTrace> layers;
  std::mt19937 rng(o.seed * 1000003u + utterance_seed);
  std::mt19937 noise_rng(o.seed * 7u + utterance_seed + 17u);  // B's perturbation: A's draws stay identical
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> logits(static_cast<size_t>(e_count));
  for (int l = 0; l < o.layers; ++l) {
    RouterTrace t;
    t.layer = l;
    t.frame_rate_hz = rate;
    t.valid_frames = frames;
    t.probs = FloatMatrix(frames, e_count);
    t.delta_norm.resize(size_t(frames));
    const double sharp = 0.8 + 1.1 * l;
    for (int64_t f = 0; f < frames; ++f) {
      const int c = cls[size_t(f)];
      const int preferred =
          c == int(analysis::PhoneClass::kSilence) ? e_count - 1 : (c * 3 + l) % (e_count - 1);
      const int second = (preferred + 1 + l) % (e_count - 1);
      for (int e = 0; e < e_count; ++e) logits[size_t(e)] = 0.7 * normal(rng);
      logits[size_t(preferred)] += sharp;
      logits[size_t(second)] += 0.4 * sharp;
      double m = *std::max_element(logits.begin(), logits.end()), z = 0;
      for (auto& v : logits) z += (v = std::exp(v - m));
      std::vector<float> p(static_cast<size_t>(e_count));
      for (int e = 0; e < e_count; ++e) p[size_t(e)] = float(logits[size_t(e)] / z);
      if (!o.permutation.empty()) {
        std::vector<float> q(static_cast<size_t>(e_count));
        double s = 0;
        for (int e = 0; e < e_count; ++e) {
          q[size_t(o.permutation[size_t(e)])] =
              std::max(1e-6f, p[size_t(e)] + float(o.noise * normal(noise_rng) * p[size_t(e)]));
        }
        for (float v : q) s += v;
        for (auto& v : q) v = float(v / s);
        p = q;
      }
      for (int e = 0; e < e_count; ++e) t.probs.at(f, e) = p[size_t(e)];
      // ||scale_l · p · V_l||
      double norm2 = 0;
      for (int d = 0; d < o.dim; ++d) {
        double acc = 0;
        for (int e = 0; e < e_count; ++e)
          acc += p[size_t(e)] * constants.steering_vectors[size_t((l * e_count + e) * o.dim + d)];
        norm2 += acc * acc;
      }
      t.delta_norm[size_t(f)] = float(constants.layer_scales[size_t(l)] * std::sqrt(norm2));
    }
    layers.push_back(std::move(t));
  }
  return layers;
}

inline GeneratedText syntheticOutput(const std::string& text, uint32_t seed) {
  GeneratedText g;
  g.prompt = "please transcribe the audio content into text: ";
  g.text = text;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> lp(-2.6f, -0.01f);
  size_t start = 0;
  int64_t id = 100;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) {
      g.token_ids.push_back(id + int64_t(std::hash<std::string>{}(text.substr(start, end - start)) % 400));
      g.token_logprobs.push_back(lp(rng) * (g.token_ids.size() % 3 == 0 ? 1.0f : 0.1f));
    }
    start = end + 1;
  }
  g.token_ids.push_back(511);
  g.token_logprobs.push_back(-0.02f);
  g.encoder_ms = 41.0;
  g.first_token_ms = 12.0;
  g.total_ms = 95.0;
  return g;
}

// Writes a recording of the three fixture clips. The third names an audio file that does not exist,
// so its waveform is hidden (the recording still shows everything else).
inline void writeWorkbenchRecording(const std::string& path, const SyntheticRecordingOptions& o = {}) {
  const ModelConstants constants = syntheticConstants(o);
  RunInfo run;
  run.tool_version = "0.1.0";
  run.checkpoints = {{"encoder", "synthetic", ""},
                     {"steering", o.permutation.empty() ? "synthetic-A" : "synthetic-B", ""}};
  run.device = "cpu";
  run.dtype = "fp32";
  run.pooling = "none";
  run.padding = "none";
  run.command_line = "tests/views/workbench_test_data.h (synthetic routing over the fixture clips)";
  run.start_time = "2025-01-01T00:00:00Z";
  run.extra["synthetic"] = "routing generated to follow phone classes";
  RecordingOptions options;
  options.n_mels = o.with_log_mel ? 80 : 0;
  options.overwrite = true;
  auto writer = RecordingWriter::create(path, run, constants, options);
  LogMelFrontEnd front_end(
      LogMelConfig::from_preprocessor_config(data_path("fixtures/whisper_tiny/preprocessor_config.json")));
  const char* clips[] = {"clip0", "clip1", "clip2"};
  const char* speakers[] = {"spk_a", "spk_b", "spk_a"};
  const std::string texts_b[] = {"the quick brown fox jumped over a lazy dog",
                                 "the quick brown fox jumps over the lazy dog",
                                 "a quick brown fox jumps over the dog"};
  for (int i = 0; i < 3; ++i) {
    const std::string audio_path = data_path(std::string("fixtures/audio/") + clips[i] + "_16k.wav");
    AudioBuffer audio = load_audio(audio_path, 16000);
    UtteranceRecord u;
    u.id = std::string("utt-") + clips[i];
    u.source_path = i == 2 ? "/nonexistent/moved/" + std::string(clips[i]) + "_16k.wav" : audio_path;
    u.source_sample_rate = 16000;
    u.duration_s = audio.duration_s();
    u.speaker = speakers[i];
    u.reference_text = o.transcript;
    const auto span = speechSpan(audio.samples, 16000);
    u.tiers = sampleTiers(u.duration_s, span.first, span.second);
    if (o.with_log_mel) {
      u.log_mel = front_end.compute(audio.samples, MelPadding::kNone);
      u.log_mel_frame_rate_hz = 100.0;
    }
    u.layers = syntheticRouting(u.tiers[0].items, u.duration_s, o, constants, uint32_t(i));
    u.output = syntheticOutput(o.permutation.empty() ? o.transcript : texts_b[i], o.seed + uint32_t(i));
    writer.write(u);
  }
  writer.close();
}

}  // namespace steerscope::test
