// `steerscope-cli wer` as a user runs it, on tests/data/wer/ref.tsv and hyp.tsv:
//   u1  the cat sat on the mat   / the cat sit on mat      S1 D1 H4
//   u2  HELLO World              / hello, world!           S2 (H2 with --normalize)
//   u3  今天天气很好              / 今天气很好啊             one word: S1
//   u4  (empty)                  / noise here              I2
//   u5  only in the reference    / (no hypothesis)         D4
//   u6  a b                      / b c                     D1 H1 I1
//   u7  (no reference)           / only in the hypotheses  ignored
// Totals: H5 S4 D6 I3 over 15 reference words: 13 / 15 = 86.67%; normalised H7 S2 D6 I3: 73.33%.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace steerscope {
namespace {

std::string files() {
  return "--ref " + test::data_path("wer/ref.tsv") + " --hyp " + test::data_path("wer/hyp.tsv");
}

TEST(WerCommand, PrintsCorpusWerWithCountsAndReportsMissingIds) {
  const auto r = test::run_cli("wer " + files());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("WER: 86.67% (13 errors / 15 reference words)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("S=4 D=6 I=3 H=5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("utterances: 6"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 reference id(s) have no hypothesis, scored as empty: u5"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 hypothesis id(s) have no reference, ignored: u7"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 reference(s) are empty"), std::string::npos) << r.err;
}

TEST(WerCommand, NormalizeAndJson) {
  const auto r = test::run_cli("wer " + files() + " --normalize --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["metric"], "wer");
  EXPECT_EQ(j["normalized"], true);
  EXPECT_EQ(j["corpus"]["hits"], 7);
  EXPECT_EQ(j["corpus"]["substitutions"], 2);
  EXPECT_EQ(j["corpus"]["deletions"], 6);
  EXPECT_EQ(j["corpus"]["insertions"], 3);
  EXPECT_NEAR(j["corpus"]["rate"].get<double>(), 11.0 / 15.0, 1e-12);
  EXPECT_EQ(j["missing_hypotheses"], nlohmann::json::array({"u5"}));
  EXPECT_EQ(j["extra_hypotheses"], nlohmann::json::array({"u7"}));
  ASSERT_EQ(j["per_utterance"].size(), 6u);
  EXPECT_TRUE(j["per_utterance"][3]["rate"].is_null());  // u4: empty reference, rate infinite
  EXPECT_EQ(j["per_utterance"][3]["insertions"], 2);
  EXPECT_EQ(j["per_utterance"][4]["hypothesis_missing"], true);
}

TEST(WerCommand, CerWithAlignedView) {
  const auto r = test::run_cli("wer " + files() + " --cer --align --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["metric"], "cer");
  // u3 by character: 今天(天)气很好(+啊): D1 I1 H5.
  const auto& u3 = j["per_utterance"][2];
  EXPECT_EQ(u3["id"], "u3");
  EXPECT_EQ(u3["hits"], 5);
  EXPECT_EQ(u3["deletions"], 1);
  EXPECT_EQ(u3["insertions"], 1);
  ASSERT_EQ(u3["alignment"].size(), 7u);
  EXPECT_EQ(u3["alignment"][6]["hyp"], "啊");
  EXPECT_EQ(u3["alignment"][6]["op"], "I");

  const auto text = test::run_cli("wer " + files() + " --align");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // The aligned view of u1: sat/sit substituted, the second "the" deleted.
  EXPECT_NE(text.out.find("id: u1  WER 33.33% (S=1 D=1 I=0 H=4)\n"
                          "REF: the cat sat on the mat\n"
                          "HYP: the cat sit on *** mat\n"
                          "             S      D\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("[no hypothesis]"), std::string::npos);
}

TEST(WerCommand, BadInputGivesClearErrors) {
  const auto dir = test::scratch_dir("wer-bad");
  {
    std::ofstream dup(dir / "dup.tsv");
    dup << "a\tx\nb\ty\na\tz\n";
  }
  auto r =
      test::run_cli("wer --ref " + (dir / "dup.tsv").string() + " --hyp " + test::data_path("wer/hyp.tsv"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("dup.tsv:3: duplicate id 'a' (first on line 1)"), std::string::npos) << r.err;
  r = test::run_cli("wer --ref " + (dir / "missing.tsv").string() + " --hyp " +
                    test::data_path("wer/hyp.tsv"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.tsv: cannot open"), std::string::npos) << r.err;
  r = test::run_cli("wer --ref " + test::data_path("wer/ref.tsv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--hyp"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace steerscope
