// Checkpoint comparison on a pair whose answer is known: checkpoint B is checkpoint A with the experts
// of every layer relabelled by a known permutation (steering vectors, router columns, and therefore
// routing), with its steering vectors doubled and its layer scales changed. Both matchings must recover
// the permutation, and the JS divergence must vanish after matching.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/checkpoint_comparison.h"
#include "analysis/distribution_measures.h"
#include "core/util/error.h"
#include "tests/analysis/synthetic_routing.h"

namespace steerscope::analysis {
namespace {

using test::TestRandom;

constexpr int kLayers = 3, kExperts = 6, kDim = 16;

ModelConstants random_constants(TestRandom& rng) {
  ModelConstants m;
  m.layers = kLayers;
  m.experts = kExperts;
  m.dim = kDim;
  m.steering_vectors.resize(size_t(kLayers) * kExperts * kDim);
  for (auto& v : m.steering_vectors) v = float(0.01 * rng.normal());
  m.layer_scales = {0.1f, 0.1f, 0.1f};
  return m;
}

// sigma[l][i]: B's index of A's expert i at layer l.
std::vector<std::vector<int>> random_permutations(TestRandom& rng) {
  std::vector<std::vector<int>> sigma(kLayers, std::vector<int>(kExperts));
  for (auto& s : sigma) {
    std::iota(s.begin(), s.end(), 0);
    for (int i = kExperts - 1; i > 0; --i) std::swap(s[size_t(i)], s[size_t(rng.uniform_int(0, i))]);
  }
  return sigma;
}

ModelConstants permuted_constants(const ModelConstants& a, const std::vector<std::vector<int>>& sigma) {
  ModelConstants b = a;
  for (int l = 0; l < kLayers; ++l)
    for (int i = 0; i < kExperts; ++i)
      for (int k = 0; k < kDim; ++k)
        b.steering_vectors[(size_t(l) * kExperts + sigma[size_t(l)][size_t(i)]) * kDim + k] =
            2.0f * a.steering_vectors[(size_t(l) * kExperts + i) * kDim + k];
  b.layer_scales = {0.1f, 0.2f, 0.05f};
  return b;
}

UtteranceRecord routed_utterance(TestRandom& rng, int index) {
  UtteranceRecord u;
  u.id = "u" + std::to_string(index);
  const int frames = 40 + index;
  for (int l = 0; l < kLayers; ++l) u.layers.push_back(test::random_trace(l, frames, kExperts, rng, 1.5));
  u.layers[0].valid_frames = frames - 5;
  u.output = GeneratedText{};
  u.output->text = index % 2 ? "the cat sat on the mat" : "hello world";
  u.reference_text = "the cat sat on the mat";
  return u;
}

UtteranceRecord permuted_utterance(const UtteranceRecord& a, const std::vector<std::vector<int>>& sigma) {
  UtteranceRecord b = a;
  for (int l = 0; l < kLayers; ++l)
    for (int64_t f = 0; f < a.layers[size_t(l)].probs.rows; ++f)
      for (int i = 0; i < kExperts; ++i)
        b.layers[size_t(l)].probs.at(f, sigma[size_t(l)][size_t(i)]) = a.layers[size_t(l)].probs.at(f, i);
  b.output->text = "the cat sat on a mat";
  return b;
}

// An in-memory pair source that can rewind, as the HDF5 reader will.
class VectorPairSource : public UtterancePairSource {
 public:
  VectorPairSource(std::vector<UtteranceRecord> a, std::vector<UtteranceRecord> b, bool can_rewind)
      : a_(std::move(a)), b_(std::move(b)), can_rewind_(can_rewind) {}
  bool next(UtteranceRecord& a, UtteranceRecord& b) override {
    if (i_ >= a_.size()) return false;
    a = a_[i_];
    b = b_[i_];
    ++i_;
    return true;
  }
  bool rewind() override {
    if (!can_rewind_) return false;
    i_ = 0;
    return true;
  }

 private:
  std::vector<UtteranceRecord> a_, b_;
  bool can_rewind_;
  size_t i_ = 0;
};

struct PermutedPair {
  ModelConstants a_constants, b_constants;
  std::vector<std::vector<int>> sigma;
  std::vector<UtteranceRecord> a, b;
};

PermutedPair make_pair() {
  TestRandom rng(31);
  PermutedPair p;
  p.a_constants = random_constants(rng);
  p.sigma = random_permutations(rng);
  p.b_constants = permuted_constants(p.a_constants, p.sigma);
  for (int i = 0; i < 12; ++i) {
    p.a.push_back(routed_utterance(rng, i));
    p.b.push_back(permuted_utterance(p.a.back(), p.sigma));
  }
  return p;
}

TEST(CheckpointComparison, PermutedExpertsAreMatchedBackByBothMethods) {
  PermutedPair p = make_pair();
  VectorPairSource source(p.a, p.b, /*can_rewind=*/true);
  const CheckpointComparison c = compare_checkpoints(source, &p.a_constants, &p.b_constants);
  ASSERT_EQ(c.layers.size(), size_t(kLayers));
  EXPECT_TRUE(c.second_pass);
  EXPECT_EQ(c.utterances, 12);
  for (int l = 0; l < kLayers; ++l) {
    const LayerCheckpointComparison& layer = c.layers[size_t(l)];
    ASSERT_TRUE(layer.steering.has_value());
    EXPECT_EQ(layer.steering->matching, p.sigma[size_t(l)]) << "layer " << l;
    EXPECT_EQ(layer.cooccurrence_matching, p.sigma[size_t(l)]) << "layer " << l;
    EXPECT_TRUE(*layer.matchings_agree);
    EXPECT_NEAR(layer.steering->matched_mean_cosine, 1.0, 1e-6);
    // Before matching the routers look very different; after either matching, identical.
    EXPECT_GT(layer.js_bits, 0.05) << "layer " << l;
    EXPECT_NEAR(*layer.js_bits_steering_matched, 0.0, 1e-7);
    EXPECT_NEAR(*layer.js_bits_cooccurrence_matched, 0.0, 1e-7);
    EXPECT_DOUBLE_EQ(*layer.dominant_agreement_steering_matched, 1.0);
    EXPECT_DOUBLE_EQ(*layer.dominant_agreement_cooccurrence_matched, 1.0);
    // B's vectors are twice A's, expert by matched expert.
    for (int i = 0; i < kExperts; ++i)
      EXPECT_NEAR(layer.steering->matched_norm_difference[size_t(i)], layer.steering->norm_a[size_t(i)],
                  1e-6);
    EXPECT_NEAR(layer.steering->mean_norm_b, 2.0 * layer.steering->mean_norm_a, 1e-6);
  }
  EXPECT_FLOAT_EQ(float(c.layers[1].steering->layer_scale_b - c.layers[1].steering->layer_scale_a), 0.1f);
  // Only valid frames count: layer 0 has 5 padding frames per utterance.
  int64_t all_frames = 0;
  for (const auto& u : p.a) all_frames += u.layers[0].probs.rows;
  EXPECT_EQ(c.layers[0].frames, all_frames - 5 * 12);
  EXPECT_EQ(c.layers[1].frames, all_frames);
  // Transcripts: B says "the cat sat on a mat" everywhere; A alternates.
  // 6 utterances "hello world" -> 2 S + 4 I each; 6 utterances "the cat sat on the mat" -> 1 S + 5 H.
  EXPECT_EQ(c.transcripts.utterances, 12);
  EXPECT_EQ(c.transcripts.identical, 0);
  EXPECT_EQ(c.transcripts.b_against_a, (EditCounts{6 * 5, 6 * 2 + 6 * 1, 0, 6 * 4}));
  EXPECT_EQ(c.transcripts.with_reference, 12);
  EXPECT_EQ(c.transcripts.b_against_reference, (EditCounts{12 * 5, 12, 0, 0}));
}

TEST(CheckpointComparison, OnePassSourceHasNoCooccurrenceMatchedDivergence) {
  PermutedPair p = make_pair();
  VectorPairSource source(p.a, p.b, /*can_rewind=*/false);
  const CheckpointComparison c = compare_checkpoints(source, nullptr, nullptr);
  EXPECT_FALSE(c.second_pass);
  for (int l = 0; l < kLayers; ++l) {
    EXPECT_FALSE(c.layers[size_t(l)].steering.has_value());
    EXPECT_FALSE(c.layers[size_t(l)].js_bits_cooccurrence_matched.has_value());
    EXPECT_EQ(c.layers[size_t(l)].cooccurrence_matching, p.sigma[size_t(l)]);
  }
}

TEST(CheckpointComparison, IdenticalCheckpointsHaveZeroDivergence) {
  PermutedPair p = make_pair();
  CheckpointComparisonAccumulator acc(&p.a_constants, &p.a_constants);
  for (const auto& u : p.a) acc.add(u, u);
  const auto c = acc.result();
  for (const auto& layer : c.layers) {
    EXPECT_NEAR(layer.js_bits, 0.0, 1e-9);
    std::vector<int> identity(kExperts);
    std::iota(identity.begin(), identity.end(), 0);
    EXPECT_EQ(layer.cooccurrence_matching, identity);
    EXPECT_EQ(layer.steering->matching, identity);
  }
}

TEST(CheckpointComparison, RejectsMismatchedInputs) {
  PermutedPair p = make_pair();
  CheckpointComparisonAccumulator acc(nullptr, nullptr);
  EXPECT_THROW(acc.add(p.a[0], p.b[1]), Error);  // different utterance ids
  ModelConstants smaller = p.a_constants;
  smaller.dim = 8;
  EXPECT_THROW(CheckpointComparisonAccumulator(&p.a_constants, &smaller), Error);
  EXPECT_THROW(acc.add_second_pass(p.a[0], p.b[0]), Error);
}

TEST(JsDivergence, BoundsAndSymmetry) {
  const float p[2] = {1.0f, 0.0f}, q[2] = {0.0f, 1.0f}, u[2] = {0.5f, 0.5f};
  EXPECT_DOUBLE_EQ(js_divergence_bits(p, q, 2), 1.0);  // disjoint supports: exactly 1 bit
  EXPECT_DOUBLE_EQ(js_divergence_bits(p, p, 2), 0.0);
  EXPECT_NEAR(js_divergence_bits(p, u, 2), js_divergence_bits(u, p, 2), 1e-15);
  // JS(p, u) = 1/2 KL(p || m) + 1/2 KL(u || m), m = (3/4, 1/4).
  const double expected =
      0.5 * std::log2(1.0 / 0.75) + 0.5 * (0.5 * std::log2(0.5 / 0.75) + 0.5 * std::log2(0.5 / 0.25));
  EXPECT_NEAR(js_divergence_bits(p, u, 2), expected, 1e-12);
  const int swap[2] = {1, 0};
  EXPECT_DOUBLE_EQ(js_divergence_bits(p, q, 2, swap), 0.0);
}

}  // namespace
}  // namespace steerscope::analysis
