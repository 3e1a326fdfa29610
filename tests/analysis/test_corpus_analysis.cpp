// The one-pass corpus analysis that `analyze` will run over a recording (routing statistics, phone-class
// association, text metrics of output vs reference) and the JSON it prints.

#include <gtest/gtest.h>

#include <cmath>

#include "analysis/analysis_json.h"
#include "analysis/corpus_analysis.h"
#include "tests/analysis/synthetic_routing.h"

namespace steerscope::analysis {
namespace {

class VectorSource : public UtteranceSource {
 public:
  explicit VectorSource(std::vector<UtteranceRecord> u) : utterances_(std::move(u)) {}
  bool next(UtteranceRecord& u) override {
    if (i_ >= utterances_.size()) return false;
    u = utterances_[i_++];
    return true;
  }

 private:
  std::vector<UtteranceRecord> utterances_;
  size_t i_ = 0;
};

std::vector<UtteranceRecord> corpus() {
  std::vector<UtteranceRecord> out;
  for (int i = 0; i < 4; ++i) {
    UtteranceRecord u;
    u.id = "u" + std::to_string(i);
    u.speaker = i < 2 ? "alice" : "bob";
    // 10 frames: a vowel then a fricative, routed to experts 0 and 1 in layer 0.
    u.tiers.push_back(test::tier_from_runs("phones", {{"AA1", 5}, {"S", 5}}));
    u.layers.push_back(test::peaked_trace(0, {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, 3));
    u.layers.push_back(test::peaked_trace(1, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 3));
    u.output = GeneratedText{};
    u.output->text = i == 3 ? "yes it is" : "the answer is yes";
    u.reference_text = "the answer is yes";
    out.push_back(std::move(u));
  }
  return out;
}

TEST(CorpusAnalysis, OnePassOverASource) {
  CorpusAnalysisOptions o;
  o.labellings.push_back(FrameLabelSpec{});  // phone classes
  FrameLabelSpec speakers;
  speakers.kind = FrameLabelKind::kSpeaker;
  speakers.tier = "speakers";
  o.labellings.push_back(speakers);
  o.association.permutations = 19;
  VectorSource source(corpus());
  const CorpusAnalysis a = analyze_corpus(source, o);
  EXPECT_EQ(a.utterances, 4);
  EXPECT_EQ(a.routing.layers.size(), 2u);
  EXPECT_EQ(a.routing.layers[0].frames, 40);
  ASSERT_EQ(a.associations.size(), 2u);
  EXPECT_EQ(a.associations[0].labelling, "phone_class:phones");
  EXPECT_NEAR(a.associations[0].layers[0].hard_summary.nmi, 1.0, 1e-12);
  EXPECT_EQ(a.associations[1].labels, (std::vector<std::string>{"alice", "bob"}));
  // Text: three exact answers and one "yes it is", which the substring rule rejects; 4 x 4 reference words.
  EXPECT_EQ(a.text.utterances, 4);
  EXPECT_EQ(a.text.errors.reference_length(), 16);
  EXPECT_EQ(a.text.qa_correct, 3);
  EXPECT_DOUBLE_EQ(a.text.qa_accuracy, 0.75);
}

TEST(AnalysisJson, SelfDescribingKeysAndNullForNonFinite) {
  CorpusAnalysisOptions o;
  o.labellings.push_back(FrameLabelSpec{});
  o.association.permutations = 9;
  CorpusAnalyzer analyzer(o);
  for (const auto& u : corpus()) analyzer.add(u);
  const nlohmann::json j = as_json(analyzer.result());
  const auto& layer0 = j["routing"]["layers"][0];
  EXPECT_EQ(layer0["mean_probability_by_expert"].size(), 3u);
  EXPECT_TRUE(layer0["steering_delta_norm"]["mean_by_relative_position"][0].is_null());  // none recorded
  EXPECT_EQ(j["routing"]["transitions"][0]["counts_from_to"][0][2], 20);
  const auto& assoc = j["associations"][0]["layers"][0];
  EXPECT_EQ(assoc["hard"]["top_labels_by_expert"][0][0]["label"], "vowel");
  EXPECT_EQ(assoc["permutation_test"]["scheme"], "circular_shift");
  EXPECT_EQ(assoc["permutation_test"]["permutations"], 9);
  EXPECT_NEAR(assoc["hard"]["nmi_geometric"].get<double>(), 1.0, 1e-12);

  EditCounts only_insertions{0, 0, 0, 3};
  EXPECT_TRUE(as_json(only_insertions)["rate"].is_null());
  EXPECT_EQ(as_json(only_insertions)["errors"], 3);
}

}  // namespace
}  // namespace steerscope::analysis
