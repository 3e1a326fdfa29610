// Expert × label association on hand-built corpora where the answer is known: an expert that fires
// exactly on one phone class (NMI 1, purity 1, significant), a router that ignores the audio (NMI ~ 0,
// chance), smooth but unrelated routing (where frame-level shuffling would cry wolf and rotations must
// not), per-utterance speaker labels, determinism with a seed, and the bounded reservoir.

#include <gtest/gtest.h>

#include <map>

#include "analysis/expert_label_association.h"
#include "analysis/frame_labeler.h"
#include "core/util/error.h"
#include "tests/analysis/synthetic_routing.h"

namespace steerscope::analysis {
namespace {

using test::peaked_trace;
using test::random_trace;
using test::TestRandom;
using test::tier_from_runs;

const std::vector<std::string> kPhones = {"AH0", "T", "S", "N", "sil", "IY1", "K", "Z", "M"};

std::string class_of(const std::string& phone) {
  return phone_class_name(classify_phone(phone));
}

// An utterance of random phones (runs of 2-7 frames at 50 Hz) with a "phones" tier. Layer 0 routes by
// phone class (vowel -> 0, plosive -> 1, fricative -> 2, nasal -> 3, silence -> 4); layer 1 is a
// softmax of random logits that ignores the audio; layer 2 is exactly uniform.
UtteranceRecord phone_class_utterance(TestRandom& rng, int index) {
  std::vector<std::pair<std::string, int>> runs;
  for (int k = 0; k < 30; ++k)
    runs.push_back({kPhones[size_t(rng.uniform_int(0, int(kPhones.size()) - 1))], rng.uniform_int(2, 7)});
  const std::map<std::string, int> expert_of_class = {
      {"vowel", 0}, {"plosive", 1}, {"fricative", 2}, {"nasal", 3}, {"silence", 4}};
  std::vector<int> experts;
  for (const auto& [p, n] : runs)
    for (int i = 0; i < n; ++i) experts.push_back(expert_of_class.at(class_of(p)));
  UtteranceRecord u;
  u.id = "utt" + std::to_string(index);
  u.tiers.push_back(tier_from_runs("phones", runs));
  u.layers.push_back(peaked_trace(0, experts, 6, 50.0, 0.9f));
  u.layers.push_back(random_trace(1, int64_t(experts.size()), 6, rng, 1.0));
  u.layers.push_back(random_trace(2, int64_t(experts.size()), 6, rng, 0.0));
  return u;
}

AssociationResult phone_class_result(uint64_t seed, int utterances, AssociationOptions o = {}) {
  TestRandom rng(2024);
  FrameLabelSpec spec;  // phone classes of the "phones" tier
  o.seed = seed;
  ExpertLabelAssociationAccumulator acc(spec, o);
  for (int i = 0; i < utterances; ++i) acc.add(phone_class_utterance(rng, i));
  return acc.result();
}

TEST(ExpertLabelAssociation, ExpertFiringOnOnePhoneClassHasNmiOneAndPurityOne) {
  const AssociationResult r = phone_class_result(1, 40);
  ASSERT_EQ(r.layers.size(), 3u);
  const LayerAssociation& l0 = r.layers[0];
  EXPECT_NEAR(l0.hard_summary.nmi, 1.0, 1e-9);
  EXPECT_NEAR(l0.hard_summary.nmi_arithmetic, 1.0, 1e-9);
  EXPECT_NEAR(l0.hard_summary.purity, 1.0, 1e-12);
  // Each expert's top label is its class, with share 1 and lift 1 / P(class).
  const auto& labels = r.labels;
  const double total = l0.hard_summary.total;
  for (int e = 0; e < 5; ++e) {
    ASSERT_FALSE(l0.hard_summary.top_labels[size_t(e)].empty());
    const LabelShare& top = l0.hard_summary.top_labels[size_t(e)][0];
    EXPECT_EQ(labels[size_t(top.label)],
              (std::vector<std::string>{"vowel", "plosive", "fricative", "nasal", "silence"}[size_t(e)]));
    EXPECT_DOUBLE_EQ(top.share, 1.0);
    EXPECT_NEAR(top.lift, total / l0.hard_summary.label_totals[size_t(top.label)], 1e-9);
    EXPECT_EQ(l0.hard_summary.top_labels[size_t(e)].size(), 1u);
  }
  EXPECT_TRUE(l0.hard_summary.top_labels[5].empty());  // expert 5 never dominates
  // Each label's expert distribution is one-hot.
  for (const auto& dist : l0.hard_summary.expert_distribution) {
    double max = 0.0;
    for (double v : dist) max = std::max(max, v);
    EXPECT_DOUBLE_EQ(max, 1.0);
  }
  // The soft table sees the 0.9 peaks: strongly but not perfectly associated.
  EXPECT_GT(l0.soft_summary.nmi, 0.2);
  EXPECT_LT(l0.soft_summary.nmi, 1.0);
  // Far above chance.
  ASSERT_TRUE(l0.permutation_test.has_value());
  const PermutationTestResult& t = *l0.permutation_test;
  EXPECT_EQ(t.scheme, PermutationScheme::kCircularShift);
  EXPECT_NEAR(t.observed_nmi, 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(t.p_value, 1.0 / 200.0);  // no rotation reaches it: (1 + 0) / (1 + 199)
  EXPECT_GT(t.z_score, 20.0);
  EXPECT_LT(t.null_mean, 0.2);
  EXPECT_EQ(t.utterances, 40);
  EXPECT_FALSE(t.subsampled);
}

TEST(ExpertLabelAssociation, RouterIgnoringTheAudioIsAtChance) {
  const AssociationResult r = phone_class_result(1, 40);
  const LayerAssociation& l1 = r.layers[1];
  EXPECT_LT(l1.hard_summary.nmi, 0.02);
  EXPECT_LT(l1.soft_summary.nmi, 0.01);
  ASSERT_TRUE(l1.permutation_test.has_value());
  EXPECT_GT(l1.permutation_test->p_value, 0.05);
  EXPECT_LT(std::abs(l1.permutation_test->z_score), 2.5);

  // Exactly uniform: the soft table is independent by construction (MI 0) and argmax always picks
  // expert 0, so the hard NMI is 0 by definition; every permutation gives 0 as well, so p = 1.
  const LayerAssociation& l2 = r.layers[2];
  EXPECT_NEAR(l2.soft_summary.mutual_information_nats, 0.0, 1e-9);
  EXPECT_NEAR(l2.soft_summary.nmi, 0.0, 1e-6);
  EXPECT_EQ(l2.hard_summary.nmi, 0.0);
  EXPECT_DOUBLE_EQ(l2.permutation_test->p_value, 1.0);
  EXPECT_EQ(l2.permutation_test->z_score, 0.0);
}

// A corpus of 8 utterances x ~300 frames in which labels and experts both come in long runs (10-40
// frames) but are drawn independently of each other.
struct SmoothCorpus {
  std::vector<UtteranceRecord> utterances;
  std::vector<int> all_labels, all_experts;  // concatenated frames, for the frame-shuffling comparison
};

SmoothCorpus smooth_unrelated_corpus(TestRandom& rng) {
  SmoothCorpus c;
  for (int i = 0; i < 8; ++i) {
    std::vector<std::pair<std::string, int>> label_runs;
    std::vector<std::pair<int, int>> expert_runs;
    int frames = 0;
    while (frames < 300) {
      const int n = rng.uniform_int(10, 40), label = rng.uniform_int(0, 3);
      label_runs.push_back({"L" + std::to_string(label), n});
      for (int k = 0; k < n; ++k) c.all_labels.push_back(label);
      frames += n;
    }
    for (int f = 0; f < frames;) {
      const int n = std::min(rng.uniform_int(10, 40), frames - f);
      expert_runs.push_back({rng.uniform_int(0, 3), n});
      f += n;
    }
    const auto experts = test::expand_runs(expert_runs);
    c.all_experts.insert(c.all_experts.end(), experts.begin(), experts.end());
    UtteranceRecord u;
    u.id = "smooth" + std::to_string(i);
    u.tiers.push_back(tier_from_runs("phones", label_runs));
    u.layers.push_back(peaked_trace(0, experts, 4));
    c.utterances.push_back(std::move(u));
  }
  return c;
}

// The p-value a naive test would give: labels shuffled frame by frame over the whole corpus.
double frame_shuffle_p_value(const SmoothCorpus& c, TestRandom& rng, int permutations) {
  auto nmi_of = [&](const std::vector<int>& labels) {
    ContingencyTable t(4);
    for (size_t i = 0; i < labels.size(); ++i) t.add(c.all_experts[i], labels[i]);
    return t.nmi_geometric();
  };
  const double observed = nmi_of(c.all_labels);
  std::vector<int> shuffled = c.all_labels;
  int at_least = 0;
  for (int p = 0; p < permutations; ++p) {
    for (size_t i = shuffled.size(); i > 1; --i)
      std::swap(shuffled[i - 1], shuffled[size_t(rng.uniform_int(0, int(i) - 1))]);
    if (nmi_of(shuffled) >= observed) ++at_least;
  }
  return double(1 + at_least) / double(1 + permutations);
}

TEST(ExpertLabelAssociation, RotationsStayCalibratedWhereFrameShufflingWouldCryWolf) {
  // 40 independent corpora with smooth but unrelated labels and routing: the null hypothesis is true
  // every time, so a calibrated test rejects at the 5% level about 2 times in 40. Shuffling single
  // frames destroys the run structure of both sequences and rejects almost always; rotating the label
  // sequence within each utterance keeps it.
  TestRandom rng(77);
  int rotation_rejections = 0, frame_shuffle_rejections = 0;
  for (int corpus = 0; corpus < 40; ++corpus) {
    const SmoothCorpus c = smooth_unrelated_corpus(rng);
    FrameLabelSpec spec;
    spec.kind = FrameLabelKind::kTierLabel;
    AssociationOptions o;
    o.permutations = 199;
    o.seed = 5 + uint64_t(corpus);
    ExpertLabelAssociationAccumulator acc(spec, o);
    for (const auto& u : c.utterances) acc.add(u);
    const PermutationTestResult t = *acc.result().layers[0].permutation_test;
    EXPECT_EQ(t.scheme, PermutationScheme::kCircularShift);
    if (t.p_value < 0.05) ++rotation_rejections;
    if (frame_shuffle_p_value(c, rng, 199) < 0.05) ++frame_shuffle_rejections;
  }
  // Binomial(40, 0.05): P(X >= 7) is about 0.003.
  EXPECT_LE(rotation_rejections, 6);
  EXPECT_GE(frame_shuffle_rejections, 30);
}

TEST(ExpertLabelAssociation, DeterministicForASeed) {
  const auto a = phone_class_result(42, 20);
  const auto b = phone_class_result(42, 20);
  const auto c = phone_class_result(43, 20);
  for (size_t l = 0; l < a.layers.size(); ++l) {
    EXPECT_EQ(a.layers[l].permutation_test->null_mean, b.layers[l].permutation_test->null_mean);
    EXPECT_EQ(a.layers[l].permutation_test->p_value, b.layers[l].permutation_test->p_value);
  }
  EXPECT_NE(a.layers[1].permutation_test->null_mean, c.layers[1].permutation_test->null_mean);
  // Threads change nothing: each layer has its own random stream.
  AssociationOptions o;
  o.threads = 3;
  const auto d = phone_class_result(42, 20, o);
  for (size_t l = 0; l < a.layers.size(); ++l)
    EXPECT_EQ(a.layers[l].permutation_test->null_mean, d.layers[l].permutation_test->null_mean);
}

TEST(ExpertLabelAssociation, SpeakerLabelsArePermutedAcrossUtterances) {
  // Two speakers; in layer 0 speaker A's frames go to expert 0 and B's to expert 1, in layer 1 routing
  // is random. Labels are constant within an utterance, so rotations would be useless: kAuto shuffles
  // the utterance -> speaker assignment instead.
  TestRandom rng(9);
  FrameLabelSpec spec;
  spec.kind = FrameLabelKind::kSpeaker;
  spec.tier = "speakers";
  ExpertLabelAssociationAccumulator acc(spec, {});
  for (int i = 0; i < 24; ++i) {
    UtteranceRecord u;
    u.id = "s" + std::to_string(i);
    u.speaker = i % 2 ? "spkA" : "spkB";
    const int frames = 50 + 10 * (i % 5);
    u.layers.push_back(peaked_trace(0, std::vector<int>(size_t(frames), i % 2 ? 0 : 1), 4, 50.0, 0.7f));
    u.layers.push_back(random_trace(1, frames, 4, rng, 1.0));
    acc.add(u);
  }
  UtteranceRecord anonymous;  // no speaker, no tier: counted as without labels
  anonymous.id = "anon";
  anonymous.layers.push_back(peaked_trace(0, {0, 0}, 4));
  anonymous.layers.push_back(peaked_trace(1, {0, 0}, 4));
  acc.add(anonymous);
  const auto r = acc.result();
  EXPECT_EQ(r.utterances, 25);
  EXPECT_EQ(r.utterances_without_labels, 1);
  EXPECT_EQ(r.labels, (std::vector<std::string>{"spkB", "spkA"}));
  const auto& t0 = *r.layers[0].permutation_test;
  EXPECT_EQ(t0.scheme, PermutationScheme::kUtteranceLabels);
  EXPECT_NEAR(t0.observed_nmi, 1.0, 1e-9);
  EXPECT_LT(t0.p_value, 0.01);
  const auto& t1 = *r.layers[1].permutation_test;
  EXPECT_GT(t1.p_value, 0.05);
}

TEST(ExpertLabelAssociation, ForcedUtteranceSchemeRejectsFrameVaryingLabels) {
  AssociationOptions o;
  o.scheme = PermutationScheme::kUtteranceLabels;
  EXPECT_THROW(phone_class_result(1, 5, o), Error);
}

TEST(ExpertLabelAssociation, ReservoirBoundsTheTestedUtterances) {
  AssociationOptions o;
  o.max_test_utterances = 10;
  o.permutations = 19;
  TestRandom rng(1);
  FrameLabelSpec spec;
  ExpertLabelAssociationAccumulator acc(spec, o);
  size_t bytes_after_100 = 0;
  for (int i = 0; i < 1000; ++i) {
    acc.add(phone_class_utterance(rng, i));
    if (i == 99) bytes_after_100 = acc.reservoir_bytes();
  }
  // Utterances have the same size distribution, so a full reservoir stays about the same size.
  EXPECT_LT(double(acc.reservoir_bytes()), 1.5 * double(bytes_after_100));
  const auto r = acc.result();
  const auto& t = *r.layers[0].permutation_test;
  EXPECT_EQ(t.utterances, 10);
  EXPECT_TRUE(t.subsampled);
  // The tables still cover every utterance.
  EXPECT_GT(r.layers[0].frames, 100000);
  EXPECT_NEAR(r.layers[0].hard_summary.nmi, 1.0, 1e-9);
}

TEST(ExpertLabelAssociation, ValidFramesOnlyAndGapsUnlabelled) {
  // 6 frames, 4 valid; the tier covers frames 0-2 only (frame 3 is in a gap).
  UtteranceRecord u;
  u.id = "gap";
  u.tiers.push_back(tier_from_runs("words", {{"hello", 2}, {"", 1}}));
  u.layers.push_back(peaked_trace(0, {0, 0, 1, 1, 1, 1}, 2));
  u.layers[0].valid_frames = 4;
  FrameLabelSpec spec;
  spec.kind = FrameLabelKind::kTierLabel;
  spec.tier = "words";
  AssociationOptions o;
  o.permutations = 0;
  ExpertLabelAssociationAccumulator acc(spec, o);
  acc.add(u);
  auto r = acc.result();
  EXPECT_EQ(r.layers[0].frames, 3);
  EXPECT_EQ(r.unlabelled_frames, 1);
  EXPECT_EQ(r.labels, (std::vector<std::string>{"hello", "<empty>"}));
  EXPECT_FALSE(r.layers[0].permutation_test.has_value());

  spec.skip_silence = true;
  ExpertLabelAssociationAccumulator skipping(spec, o);
  skipping.add(u);
  r = skipping.result();
  EXPECT_EQ(r.layers[0].frames, 2);
  EXPECT_EQ(r.unlabelled_frames, 2);
}

TEST(ExpertLabelAssociation, PreLabelledFramesAreChecked) {
  FrameLabelSpec spec;
  ExpertLabelAssociationAccumulator acc(spec, {});
  const int32_t vowel = acc.vocabulary().id("vowel");
  const std::vector<RouterTrace> layers = {peaked_trace(0, {0, 1}, 2)};
  acc.add(layers, {{vowel, -1}}, "ok");
  EXPECT_THROW(acc.add(layers, {{vowel}}, "short"), Error);
  EXPECT_THROW(acc.add(layers, {{vowel, 7}}, "unknown"), Error);
  EXPECT_EQ(acc.result().layers[0].frames, 1);
}

TEST(FrameLabeler, CentreRuleAcrossFrameRatesAndPointTiers) {
  UtteranceRecord u;
  u.id = "x";
  // A 0-0.05 s, B 0.05-0.16 s, nothing after.
  u.tiers.push_back({"phones", AlignmentTier::Kind::kInterval, {{0.0, 0.05, "AH0"}, {0.05, 0.16, "T"}}});
  FrameLabeler labeler(FrameLabelSpec{});
  std::vector<int32_t> out;
  ASSERT_TRUE(labeler.label_frames(u, 50.0, 10, out));
  // Frame centres at 10, 30, 50, 70, ..., 150, 170 ms.
  const int32_t v = labeler.vocabulary().find("vowel"), p = labeler.vocabulary().find("plosive");
  EXPECT_EQ(out, (std::vector<int32_t>{v, v, p, p, p, p, p, p, -1, -1}));
  ASSERT_TRUE(labeler.label_frames(u, 12.5, 2, out));  // centres at 40 and 120 ms
  EXPECT_EQ(out, (std::vector<int32_t>{v, p}));
  u.tiers[0].kind = AlignmentTier::Kind::kPoint;
  EXPECT_THROW(labeler.label_frames(u, 50.0, 10, out), Error);
  UtteranceRecord none;
  EXPECT_FALSE(labeler.label_frames(none, 50.0, 3, out));
  EXPECT_EQ(out, (std::vector<int32_t>{-1, -1, -1}));
}

}  // namespace
}  // namespace steerscope::analysis
