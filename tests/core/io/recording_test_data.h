#pragma once
// Deterministic synthetic recordings for the recording tests and benchmark: the same (shape, seed, index)
// gives the same utterance in every process, so a test can check a file written by a child process it
// killed without the child telling it what it wrote.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "core/io/recording_types.h"

namespace steerscope::test {

struct RecordingShape {
  int layers = 3;
  int experts = 4;
  int dim = 6;
  int n_mels = 8;  // 0: no log-mel
  int64_t min_frames = 1;
  int64_t max_frames = 700;     // encoder frames at 50 Hz; the log-mel has twice as many
  bool vary_optional = true;    // some utterances without output, delta norms, log-mel or tiers
  bool pool_last_layer = true;  // last layer at 12.5 Hz (max pooling k = 4), as after SteerMoE pooling
};

inline ModelConstants make_constants(const RecordingShape& s, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  ModelConstants c;
  c.layers = s.layers;
  c.experts = s.experts;
  c.dim = s.dim;
  c.steering_vectors.resize(size_t(s.layers) * size_t(s.experts) * size_t(s.dim));
  for (auto& v : c.steering_vectors) v = normal(rng);
  for (int l = 0; l < s.layers; ++l) c.layer_scales.push_back(0.01f * float(l + 1));
  c.router_weight_norms.resize(size_t(s.layers) * size_t(s.experts));
  for (auto& v : c.router_weight_norms) v = std::abs(normal(rng));
  return c;
}

inline RunInfo make_run_info() {
  RunInfo r;
  r.tool_version = "0.1.0-test";
  r.checkpoints = {{"encoder", "/models/whisper-large-v3/model.safetensors", std::string(64, 'a')},
                   {"steering", "/runs/steermoe/ckpt-β.pt", std::string(64, 'b')},
                   {"decoder", "/models/qwen2.5-7b", std::string(64, 'c')}};
  r.dtype = "bf16";
  r.device = "cuda:0";
  r.pooling = "max k=4 after layer 32";
  r.padding = "30s";
  r.prompt = "Transcribe the audio. «verbatim»";
  r.prompt_layout = "chatml";
  r.generation_json = R"({"do_sample":false,"max_new_tokens":128,"temperature":1.0})";
  r.command_line = "steerscope-cli record --manifest test-clean.jsonl --out run.h5";
  r.start_time = "2024-05-01T12:00:00Z";
  r.extra = {{"host", "gpu-node-17"}, {"note", "naïve — 東京"}};
  return r;
}

inline std::string utterance_id(size_t index) {
  // Mixed ASCII and non-ASCII ids, as manifests from non-English corpora have.
  static const char* kPrefixes[] = {"1089-134686-", "話者-", "café-", "spk"};
  return std::string(kPrefixes[index % 4]) + std::to_string(index);
}

inline UtteranceRecord make_utterance(const RecordingShape& s, uint32_t seed, size_t index) {
  std::mt19937 rng(seed * 1000003u + uint32_t(index));
  std::uniform_real_distribution<float> uni(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> frames_dist(s.min_frames, s.max_frames);
  auto coin = [&](int one_in) {
    return s.vary_optional && std::uniform_int_distribution<int>(0, one_in - 1)(rng) == 0;
  };

  UtteranceRecord u;
  u.id = utterance_id(index);
  u.source_path = "/data/LibriSpeech/test-clean/1089/134686/" + u.id + ".flac";
  u.source_sha256 = std::string(64, char('0' + index % 10));
  u.source_sample_rate = index % 3 == 0 ? 16000 : 22050;
  const int64_t frames = frames_dist(rng);
  u.duration_s = double(frames) / 50.0 - 0.0125;
  u.speaker = index % 5 == 4 ? "" : "spk-" + std::to_string(index % 3) + (index % 2 ? "-Ωmega" : "");
  u.reference_text = index % 2 ? "he hoped there would be stew for dinner" : "élan vital — 生きる 🎧";

  if (s.n_mels > 0 && !coin(7)) {
    u.log_mel = FloatMatrix(s.n_mels, frames * 2);
    for (auto& v : u.log_mel.values) v = uni(rng) * 2.0f - 1.5f;
  }
  u.log_mel_frame_rate_hz = 100.0;

  const bool deltas = !coin(5);
  for (int l = 0; l < s.layers; ++l) {
    RouterTrace t;
    t.layer = l;
    const bool pooled = s.pool_last_layer && l == s.layers - 1;
    const int64_t n = pooled ? (frames + 3) / 4 : frames;
    t.frame_rate_hz = pooled ? 12.5 : 50.0;
    t.valid_frames = std::max<int64_t>(0, n - int64_t(index % 3));
    t.probs = FloatMatrix(n, s.experts);
    for (int64_t f = 0; f < n; ++f) {
      float sum = 0.0f;
      for (int e = 0; e < s.experts; ++e) sum += (t.probs.at(f, e) = uni(rng) + 1e-3f);
      for (int e = 0; e < s.experts; ++e) t.probs.at(f, e) /= sum;
    }
    if (deltas) {
      t.delta_norm.resize(size_t(n));
      for (auto& v : t.delta_norm) v = uni(rng) * 3.0f;
    }
    u.layers.push_back(std::move(t));
  }

  if (!coin(4)) {
    GeneratedText out;
    out.prompt = "Transcribe the audio.";
    out.text = index % 2 ? "HE HOPED THERE WOULD BE STEW" : "Größe — ÆØÅ 你好";
    const size_t n_tokens = std::uniform_int_distribution<size_t>(0, 40)(rng);
    for (size_t i = 0; i < n_tokens; ++i) {
      out.token_ids.push_back(int64_t(std::uniform_int_distribution<int>(0, 151935)(rng)));
      out.token_logprobs.push_back(-uni(rng) * 5.0f);
    }
    out.encoder_ms = 12.5 + double(index);
    out.first_token_ms = 3.25;
    out.total_ms = 140.0 + double(index) / 3.0;
    u.output = out;
  }

  if (!coin(3)) {
    AlignmentTier words{"words", AlignmentTier::Kind::kInterval, {}};
    double t = 0.0;
    const char* kWords[] = {"", "he", "hoped", "thére", "would", "be", "stew", "für", "dinner", "“quoted”"};
    for (int i = 0; t < u.duration_s; ++i) {
      double len = 0.05 + uni(rng) * 0.4;
      words.items.push_back({t, std::min(t + len, u.duration_s), kWords[size_t(i) % 10]});
      t += len;
    }
    AlignmentTier events{"events",
                         AlignmentTier::Kind::kPoint,
                         {{0.1, 0.1, "click"}, {0.2 + 1.0 / 3.0, 0.2 + 1.0 / 3.0, "ß"}}};
    u.tiers = {words, events};
  }
  return u;
}

}  // namespace steerscope::test
