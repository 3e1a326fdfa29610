// steerscope-cli analyze and compare on hand-made recordings whose answers are known
// (tests/analysis/hand_made_recordings.h): an expert that fires exactly on vowels gives NMI 1 for the
// phone classes, in the printed tables, the CSV files and the JSON alike; two recordings whose experts
// are a permutation of each other are reported with that permutation and JS divergence 0 after matching.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/analysis/hand_made_recordings.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

// A CSV file without quoted fields (all the tables checked here) as rows of named fields.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::istringstream in(test::read_text_file(path.string()));
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream ss(s);
    while (std::getline(ss, field, ',')) out.push_back(field);
    if (!s.empty() && s.back() == ',') out.push_back("");
    return out;
  };
  if (std::getline(in, line)) header = split(line);
  while (std::getline(in, line)) {
    const auto fields = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

// The row of a CSV table whose fields match all of `key`.
std::map<std::string, std::string> row_where(const std::vector<std::map<std::string, std::string>>& rows,
                                             const std::map<std::string, std::string>& key) {
  for (const auto& r : rows) {
    bool match = true;
    for (const auto& [k, v] : key) match = match && r.count(k) && r.at(k) == v;
    if (match) return r;
  }
  ADD_FAILURE() << "no row matches";
  return {};
}

double number(const std::map<std::string, std::string>& row, const std::string& column) {
  EXPECT_TRUE(row.count(column)) << column;
  return row.count(column) ? std::stod(row.at(column)) : std::nan("");
}

// The line of `text` after the line holding `title` whose first fields are `prefix`.
std::string table_line(const std::string& text, const std::string& title, const std::string& prefix) {
  const size_t at = text.find(title);
  if (at == std::string::npos) return "";
  std::istringstream in(text.substr(at));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && !line.empty()) {
    std::istringstream fields(line);
    std::string joined, f;
    while (fields >> f) joined += (joined.empty() ? "" : " ") + f;
    if (joined.rfind(prefix, 0) == 0) return joined;
  }
  return "";
}

class CliAnalyze : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir("cli-analyze");
    recording_ = (dir_ / "vowels.h5").string();
    test::write_recording(recording_, test::hand_made_constants(2, 3, 4), test::vowel_expert_corpus());
  }
  fs::path dir_;
  std::string recording_;
};

TEST_F(CliAnalyze, VowelExpertHasNmiOneInTablesCsvAndJson) {
  const fs::path csv = dir_ / "csv";
  auto r = test::run_cli("analyze " + recording_ + " --csv " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Printed tables.
  EXPECT_NE(r.out.find("utterances: 8 of 8, layers: 2, experts: 3"), std::string::npos) << r.out;
  // layer, labelled frames, NMI, MI (nats), purity, soft NMI, null NMI, z, p.
  const std::string classes_line = table_line(r.out, "Specialisation: phone_class:phones", "0 160 1 1.04 1 ");
  EXPECT_FALSE(classes_line.empty()) << r.out;
  EXPECT_EQ(classes_line.substr(classes_line.rfind(' ') + 1), "0.005") << classes_line;
  EXPECT_NE(table_line(r.out, "Top labels by expert: phone_class:phones", "0 0 80").find("vowel 1.00 x2.00"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      table_line(r.out, "Top labels by expert: phone_class:phones", "0 1 40").find("fricative 1.00 x4.00"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(table_line(r.out, "Expert load", "0 0"), "0 0 0.45 0.5 16 5") << r.out;
  EXPECT_NE(r.out.find("WER"), std::string::npos);

  // CSV files, one per table, and the column documentation.
  for (const char* f : {"routing_layers", "expert_load", "layer_transitions", "specialisation_labels",
                        "top_labels_labels", "specialisation_phone_classes", "top_labels_phone_classes",
                        "specialisation_speakers", "top_labels_speakers", "text_metrics", "columns"})
    EXPECT_TRUE(fs::exists(csv / (std::string(f) + ".csv"))) << f;
  const auto classes = read_csv(csv / "specialisation_phone_classes.csv");
  ASSERT_EQ(classes.size(), 2u);
  const auto l0 = row_where(classes, {{"layer", "0"}});
  EXPECT_EQ(l0.at("labelling"), "phone_class:phones");
  EXPECT_NEAR(number(l0, "nmi"), 1.0, 1e-12);
  EXPECT_NEAR(number(l0, "purity"), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(number(l0, "p_value"), 0.005);
  EXPECT_EQ(l0.at("permutations"), "199");
  EXPECT_GT(number(l0, "z_score"), 3.0);
  EXPECT_NEAR(number(row_where(classes, {{"layer", "1"}}), "nmi"), 0.0, 1e-12);
  const auto phones = row_where(read_csv(csv / "specialisation_labels.csv"), {{"layer", "0"}});
  EXPECT_NEAR(number(phones, "nmi"), std::sqrt(0.75), 1e-12);
  EXPECT_NEAR(number(phones, "purity"), 0.75, 1e-12);
  const auto speakers = read_csv(csv / "specialisation_speakers.csv");
  EXPECT_NEAR(number(row_where(speakers, {{"layer", "0"}}), "nmi"), 0.0, 1e-12);
  EXPECT_NEAR(number(row_where(speakers, {{"layer", "1"}}), "nmi"), 1.0, 1e-12);
  const auto lift = row_where(read_csv(csv / "top_labels_phone_classes.csv"),
                              {{"layer", "0"}, {"expert", "0"}, {"rank", "1"}});
  EXPECT_EQ(lift.at("label"), "vowel");
  EXPECT_NEAR(number(lift, "lift"), 2.0, 1e-12);
  const auto routing = row_where(read_csv(csv / "routing_layers.csv"), {{"layer", "0"}});
  EXPECT_NEAR(number(routing, "mean_run_seconds"), 0.1, 1e-12);
  EXPECT_NEAR(number(routing, "mean_top2_margin"), 0.7, 1e-6);
  EXPECT_NEAR(number(routing, "entropy_of_mean_nats"), -(0.45 * std::log(0.45) + 2 * 0.275 * std::log(0.275)),
              1e-6);
  EXPECT_EQ(routing.at("delta_norm_mean"), "");  // none recorded: missing, not 0
  EXPECT_NEAR(number(read_csv(csv / "text_metrics.csv").at(0), "error_rate"), 2.0 / 24.0, 1e-12);
  const std::string columns = test::read_text_file((csv / "columns.csv").string());
  EXPECT_NE(columns.find("routing_layers,mean_run_seconds,s,Mean run length in seconds"), std::string::npos);
  EXPECT_NE(columns.find("specialisation_phone_classes,mutual_information_nats,nats,"), std::string::npos);

  // JSON.
  auto j = test::run_cli("analyze " + recording_ + " --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["utterances"], 8);
  const auto& assoc = json["associations"][1];
  EXPECT_EQ(assoc["labelling"], "phone_class:phones");
  EXPECT_NEAR(assoc["layers"][0]["hard"]["nmi_geometric"].get<double>(), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(assoc["layers"][0]["permutation_test"]["p_value"].get<double>(), 0.005);
  EXPECT_NEAR(json["routing"]["layers"][1]["dominant_share_by_expert"][1].get<double>(), 0.5, 1e-12);
  EXPECT_EQ(json["recording"]["path"], recording_);
}

TEST_F(CliAnalyze, OneLayerAndOptionsNarrowTheAnalysis) {
  auto r = test::run_cli("analyze " + recording_ +
                         " --layer 1 --utterances 4 --no-phone-classes --permutations 0 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["utterances"], 4);
  ASSERT_EQ(json["routing"]["layers"].size(), 1u);
  EXPECT_EQ(json["routing"]["layers"][0]["layer"], 1);
  ASSERT_EQ(json["associations"].size(), 2u);  // labels and speakers
  EXPECT_FALSE(json["associations"][0]["layers"][0].contains("permutation_test"));
  // All 4 utterances are alice's: her expert 0 takes every frame.
  EXPECT_NEAR(json["routing"]["layers"][0]["dominant_share_by_expert"][0].get<double>(), 1.0, 1e-12);

  auto missing = test::run_cli("analyze " + recording_ + " --tier words --permutations 9");
  ASSERT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_NE(
      missing.out.find("Specialisation: label:words: no labelled frames (no utterance has a 'words' tier"),
      std::string::npos)
      << missing.out;

  auto bad = test::run_cli("analyze " + recording_ + " --layer 5");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("layer 5 does not exist"), std::string::npos) << bad.err;
  auto none = test::run_cli("analyze " + (dir_ / "absent.h5").string());
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("absent.h5"), std::string::npos) << none.err;
}

class CliCompare : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch_dir("cli-compare");
    pair_ = test::permuted_checkpoint_pair();
    a_ = (dir_ / "a.h5").string();
    b_ = (dir_ / "b.h5").string();
    test::write_recording(a_, pair_.a, pair_.utterances_a);
    test::write_recording(b_, pair_.b, pair_.utterances_b);
  }
  fs::path dir_;
  test::PermutedPair pair_;
  std::string a_, b_;
};

TEST_F(CliCompare, PermutedExpertsAreMatchedAndTheirRoutingAgreesAfterMatching) {
  const fs::path csv = dir_ / "csv";
  auto r = test::run_cli("compare " + a_ + " " + b_ + " --csv " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("paired by id: 6 utterances; only in A: only_a; only in B: only_b"), std::string::npos)
      << r.out;

  const auto layers = read_csv(csv / "comparison_layers.csv");
  ASSERT_EQ(layers.size(), 2u);
  for (const auto& row : layers) {
    EXPECT_GT(number(row, "js_bits"), 0.05) << "experts as indexed differ";
    EXPECT_LE(number(row, "js_bits_steering_matched"), 1e-9);
    EXPECT_LE(number(row, "js_bits_cooccurrence_matched"), 1e-9);
    EXPECT_EQ(row.at("matchings_agree"), "1");
    EXPECT_NEAR(number(row, "dominant_agreement_cooccurrence_matched"), 1.0, 1e-12);
    EXPECT_NEAR(number(row, "steering_matched_mean_cosine"), 1.0, 1e-6);
  }
  EXPECT_NEAR(number(row_where(layers, {{"layer", "0"}}), "layer_scale_difference"), 0.25, 1e-7);
  EXPECT_NEAR(number(row_where(layers, {{"layer", "1"}}), "layer_scale_difference"), 0.0, 1e-12);

  const auto matching = read_csv(csv / "expert_matching.csv");
  ASSERT_EQ(matching.size(), 8u);
  for (int l = 0; l < 2; ++l)
    for (int i = 0; i < 4; ++i) {
      const auto row = row_where(matching, {{"layer", std::to_string(l)}, {"expert_a", std::to_string(i)}});
      const std::string sigma = std::to_string(pair_.sigma[size_t(l)][size_t(i)]);
      EXPECT_EQ(row.at("steering_match_b"), sigma) << l << " " << i;
      EXPECT_EQ(row.at("cooccurrence_match_b"), sigma) << l << " " << i;
      EXPECT_NEAR(number(row, "norm_b_matched"), 2.0 * number(row, "norm_a"), 1e-5);
      EXPECT_NEAR(number(row, "norm_difference"), number(row, "norm_a"), 1e-5);
    }

  const auto transcripts = read_csv(csv / "transcripts.csv");
  const auto between = row_where(transcripts, {{"comparison", "b_against_a"}});
  EXPECT_EQ(between.at("utterances"), "6");
  EXPECT_EQ(between.at("identical"), "5");
  EXPECT_NEAR(number(between, "error_rate"), 1.0 / 24.0, 1e-12);
  EXPECT_NEAR(number(row_where(transcripts, {{"comparison", "a_against_reference"}}), "error_rate"), 0.0,
              1e-12);
  EXPECT_NEAR(number(row_where(transcripts, {{"comparison", "b_against_reference"}}), "error_rate"),
              1.0 / 24.0, 1e-12);

  auto j = test::run_cli("compare " + a_ + " " + b_ + " --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["utterances"], 6);
  EXPECT_TRUE(json["second_pass"]);
  for (int l = 0; l < 2; ++l) {
    const auto& layer = json["layers"][size_t(l)];
    EXPECT_EQ(layer["steering"]["matching_a_to_b"].get<std::vector<int>>(), pair_.sigma[size_t(l)]);
    EXPECT_EQ(layer["cooccurrence_matching_a_to_b"].get<std::vector<int>>(), pair_.sigma[size_t(l)]);
    EXPECT_LE(layer["js_divergence_bits_cooccurrence_matched"].get<double>(), 1e-9);
  }
  EXPECT_EQ(json["a"]["only_in_this"], 1);
}

TEST_F(CliCompare, RecordingsWithoutCommonUtterancesAreRefused) {
  const std::string other = (dir_ / "other.h5").string();
  auto utterances = test::vowel_expert_corpus();
  test::write_recording(other, test::hand_made_constants(2, 3, 4), utterances);
  auto r = test::run_cli("compare " + a_ + " " + other);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no utterance id in common"), std::string::npos) << r.err;
}

}  // namespace
