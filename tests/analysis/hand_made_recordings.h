#pragma once
// Recordings written with RecordingWriter whose analysis results are known by construction, for the
// tests of the recording sources and of the analyze and compare commands.
//
// vowel_expert_corpus(): 8 utterances of 20 frames at 50 Hz, 2 layers, 3 experts. Every utterance has a
// phone tier of four 5-frame phones, AA1 S IY1 T (even utterances) or T IY1 S AA1 (odd). Layer 0 routes
// by phone class: vowels to expert 0, fricatives to expert 1, plosives to expert 2, with probability 0.8
// on the chosen expert and 0.1 on each other. Layer 1 routes by speaker: alice's utterances (0-3) to
// expert 0, bob's (4-7) to expert 1, the same way. Worked out by hand:
//   layer 0: mean probability [0.45, 0.275, 0.275], dominant shares [0.5, 0.25, 0.25], 4 runs of 5
//            frames (0.1 s) per utterance, per-frame entropy -(0.8 ln 0.8 + 0.2 ln 0.1) nats, margin 0.7;
//            phone classes: NMI 1, purity 1, lift of vowel on expert 0 = 2, of fricative on expert 1 = 4;
//            phones: NMI sqrt(H([.5,.25,.25]) / ln 4) = sqrt(0.75), purity 0.75;
//            speakers: NMI 0 (every speaker has the same phone mix);
//   layer 1: mean probability [0.45, 0.45, 0.1], dominant shares [0.5, 0.5, 0], one 20-frame run per
//            utterance; speakers: NMI 1; phone classes: NMI 0.
// Outputs: every utterance's reference is "the cat sat"; utterance 2 outputs "the cat sat down" (one
// insertion), utterance 5 "a cat sat" (one substitution), the others the reference: WER 2/24.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/io/recording_types.h"
#include "core/io/recording_writer.h"
#include "tests/analysis/synthetic_routing.h"

namespace steerscope::test {

inline RunInfo hand_made_run_info() {
  RunInfo r;
  r.tool_version = "test";
  r.dtype = "fp32";
  r.device = "cpu";
  r.pooling = "none";
  r.padding = "none";
  return r;
}

inline void write_recording(const std::string& path, const ModelConstants& constants,
                            const std::vector<UtteranceRecord>& utterances,
                            RunInfo run = hand_made_run_info()) {
  RecordingOptions options;
  options.overwrite = true;
  RecordingWriter writer = RecordingWriter::create(path, run, constants, options);
  for (const auto& u : utterances) writer.write(u);
  writer.close();
}

// Constants of the given shape with deterministic pseudo-random steering vectors (no zero vector).
inline ModelConstants hand_made_constants(int layers, int experts, int dim, uint64_t seed = 11) {
  TestRandom rng(seed);
  ModelConstants c;
  c.layers = layers;
  c.experts = experts;
  c.dim = dim;
  c.steering_vectors.resize(size_t(layers) * size_t(experts) * size_t(dim));
  for (auto& v : c.steering_vectors) v = float(rng.normal());
  c.layer_scales.assign(size_t(layers), 0.5f);
  c.router_weight_norms.assign(size_t(layers) * size_t(experts), 1.0f);
  return c;
}

inline std::vector<UtteranceRecord> vowel_expert_corpus() {
  std::vector<UtteranceRecord> out;
  for (int i = 0; i < 8; ++i) {
    UtteranceRecord u;
    u.id = "utt" + std::to_string(i);
    u.speaker = i < 4 ? "alice" : "bob";
    u.source_path = "/audio/" + u.id + ".wav";
    u.duration_s = 0.4;
    u.source_sample_rate = 16000;
    const bool even = i % 2 == 0;
    const std::vector<std::pair<std::string, int>> phones =
        even ? std::vector<std::pair<std::string, int>>{{"AA1", 5}, {"S", 5}, {"IY1", 5}, {"T", 5}}
             : std::vector<std::pair<std::string, int>>{{"T", 5}, {"IY1", 5}, {"S", 5}, {"AA1", 5}};
    u.tiers.push_back(tier_from_runs("phones", phones));
    const std::vector<std::pair<int, int>> class_experts =
        even ? std::vector<std::pair<int, int>>{{0, 5}, {1, 5}, {0, 5}, {2, 5}}
             : std::vector<std::pair<int, int>>{{2, 5}, {0, 5}, {1, 5}, {0, 5}};
    u.layers.push_back(peaked_trace(0, expand_runs(class_experts), 3, 50.0, 0.8f));
    u.layers.push_back(peaked_trace(1, std::vector<int>(20, i < 4 ? 0 : 1), 3, 50.0, 0.8f));
    u.reference_text = "the cat sat";
    u.output = GeneratedText{};
    u.output->text = i == 2 ? "the cat sat down" : i == 5 ? "a cat sat" : "the cat sat";
    out.push_back(std::move(u));
  }
  return out;
}

// Checkpoint B as checkpoint A with the experts of every layer relabelled: A's expert i is B's expert
// sigma[l][i]; B's steering vectors are twice A's (so norms double), B's layer scales are given.
struct PermutedPair {
  ModelConstants a, b;
  std::vector<std::vector<int>> sigma;  // [layer][A's expert] -> B's expert
  std::vector<UtteranceRecord> utterances_a, utterances_b;
};

// 6 shared utterances (random soft routing, 30-50 frames) plus one only in A ("only_a") and one only in
// B ("only_b"); B's file lists the shared ones in reverse order. Transcripts: reference "one two three
// four" everywhere, A's output equal to it, B's equal except in utterance "p3" ("one two three five").
inline PermutedPair permuted_checkpoint_pair(int layers = 2, int experts = 4, int dim = 8) {
  PermutedPair p;
  TestRandom rng(5);
  p.a = hand_made_constants(layers, experts, dim, 21);
  p.sigma.assign(size_t(layers), std::vector<int>(size_t(experts)));
  for (auto& s : p.sigma) {
    std::iota(s.begin(), s.end(), 0);
    for (int i = experts - 1; i > 0; --i) std::swap(s[size_t(i)], s[size_t(rng.uniform_int(0, i))]);
  }
  p.b = p.a;
  for (int l = 0; l < layers; ++l)
    for (int i = 0; i < experts; ++i)
      for (int k = 0; k < dim; ++k)
        p.b.steering_vectors[(size_t(l) * experts + size_t(p.sigma[size_t(l)][size_t(i)])) * dim +
                             size_t(k)] =
            2.0f * p.a.steering_vectors[(size_t(l) * experts + size_t(i)) * dim + size_t(k)];
  p.a.layer_scales.assign(size_t(layers), 0.5f);
  p.b.layer_scales.assign(size_t(layers), 0.5f);
  p.b.layer_scales[0] = 0.75f;

  auto utterance = [&](const std::string& id) {
    UtteranceRecord u;
    u.id = id;
    u.duration_s = 1.0;
    const int frames = rng.uniform_int(30, 50);
    for (int l = 0; l < layers; ++l) u.layers.push_back(random_trace(l, frames, experts, rng, 1.5));
    u.reference_text = "one two three four";
    u.output = GeneratedText{};
    u.output->text = u.reference_text;
    return u;
  };
  auto permuted = [&](UtteranceRecord u) {
    for (size_t l = 0; l < u.layers.size(); ++l) {
      const RouterTrace src = u.layers[l];
      for (int64_t f = 0; f < src.probs.rows; ++f)
        for (int e = 0; e < experts; ++e) u.layers[l].probs.at(f, p.sigma[l][size_t(e)]) = src.probs.at(f, e);
    }
    if (u.id == "p3") u.output->text = "one two three five";
    return u;
  };
  for (int i = 0; i < 6; ++i) p.utterances_a.push_back(utterance("p" + std::to_string(i)));
  p.utterances_a.push_back(utterance("only_a"));
  for (int i = 5; i >= 0; --i) p.utterances_b.push_back(permuted(p.utterances_a[size_t(i)]));
  p.utterances_b.push_back(utterance("only_b"));
  return p;
}

}  // namespace steerscope::test
