// Our WER and CER agree with NIST sclite (SCTK) on the test sets in tests/data/wer/: the per-utterance
// and corpus error counts, and the S/D/I splits.
//
// Why splits can differ in general: sclite aligns with weighted costs (substitution 4, insertion 3,
// deletion 3) while jiwer and SteerScope minimise the plain number of edits (all costs 1). When two
// minimum-edit alignments tie, SteerScope takes the one with the fewest substitutions, which is also
// sclite's preference, so the splits agree. But sclite's weights can prefer an alignment with MORE
// edits: for "A B C D E" -> "D E X Y Z" five substitutions cost sclite 20, while deleting A B C,
// keeping D E and inserting X Y Z costs 18, so sclite reports 6 errors where the minimum (and jiwer, the
// reference's metric) is 5. The test sets are realistic transcripts where this does not happen; the
// shift_* pair pins that one documented difference.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "analysis/error_rate_accumulator.h"
#include "tests/test_support.h"

namespace steerscope::analysis {
namespace {

struct TrnLine {
  std::string id;
  std::string text;
};

// "text (id)" lines of a trn file, in order.
std::vector<TrnLine> read_trn(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<TrnLine> lines;
  std::string line;
  while (std::getline(in, line)) {
    const size_t open = line.rfind('(');
    const size_t close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    TrnLine t;
    t.id = line.substr(open + 1, close - open - 1);
    t.text = line.substr(0, open);
    lines.push_back(t);
  }
  return lines;
}

std::string sclite_command() {
  if (const char* e = std::getenv("STEERSCOPE_SCLITE")) return e;
  return STEERSCOPE_SCLITE;
}

// Per-utterance counts as sclite reports them in its "pra" output.
std::map<std::string, EditCounts> run_sclite(const std::string& ref, const std::string& hyp, bool utf8) {
  const std::string cmd = sclite_command() + " -r '" + ref + "' trn -h '" + hyp + "' trn -i rm -s" +
                          (utf8 ? " -e utf-8" : "") + " -o pra stdout";
  const auto r = test::run_shell(cmd);
  EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.err;
  std::map<std::string, EditCounts> counts;
  std::istringstream out(r.out);
  std::string line, id;
  const std::regex id_re(R"(^id: \((.*)\)\s*$)");
  const std::regex scores_re(R"(^Scores: \(#C #S #D #I\) (\d+) (\d+) (\d+) (\d+))");
  std::smatch m;
  while (std::getline(out, line)) {
    if (std::regex_match(line, m, id_re)) id = m[1];
    if (std::regex_search(line, m, scores_re))
      counts[id] = EditCounts{std::stoll(m[1]), std::stoll(m[2]), std::stoll(m[3]), std::stoll(m[4])};
  }
  return counts;
}

struct Scored {
  std::map<std::string, EditCounts> per_utterance;
  EditCounts total;
  double rate = 0.0;
};

Scored score_with_steerscope(const std::string& ref, const std::string& hyp, ErrorUnit unit) {
  std::map<std::string, std::string> hyp_text;
  for (const auto& h : read_trn(hyp)) hyp_text[h.id] = h.text;
  ErrorRateAccumulator acc({unit, false, false});
  Scored s;
  for (const auto& r : read_trn(ref)) s.per_utterance[r.id] = acc.add(r.text, hyp_text.at(r.id)).counts;
  s.total = acc.totals();
  s.rate = acc.corpus_rate();
  return s;
}

void expect_agreement(const Scored& ours, const std::map<std::string, EditCounts>& sclite) {
  ASSERT_EQ(ours.per_utterance.size(), sclite.size()) << "sclite scored a different number of utterances";
  EditCounts sclite_total;
  for (const auto& [id, c] : ours.per_utterance) {
    ASSERT_TRUE(sclite.count(id)) << id << " missing from sclite's report";
    const EditCounts& s = sclite.at(id);
    EXPECT_EQ(c.errors(), s.errors()) << id;
    EXPECT_EQ(c.hits, s.hits) << id;
    EXPECT_EQ(c.substitutions, s.substitutions) << id;
    EXPECT_EQ(c.deletions, s.deletions) << id;
    EXPECT_EQ(c.insertions, s.insertions) << id;
    sclite_total += s;
  }
  EXPECT_EQ(ours.total, sclite_total);
  EXPECT_DOUBLE_EQ(ours.rate, sclite_total.rate());
}

TEST(ScliteAgreement, WordErrorRateOnRealisticTranscripts) {
  const std::string ref = test::data_path("wer/ref.trn"), hyp = test::data_path("wer/hyp.trn");
  const Scored ours = score_with_steerscope(ref, hyp, ErrorUnit::kWord);
  expect_agreement(ours, run_sclite(ref, hyp, false));
  // The set exercises every kind of edit, case, punctuation, and empty references and hypotheses.
  EXPECT_EQ(ours.total.reference_length(), 212);
  EXPECT_GT(ours.total.substitutions, 0);
  EXPECT_GT(ours.total.deletions, 0);
  EXPECT_GT(ours.total.insertions, 0);
}

TEST(ScliteAgreement, CharacterErrorRateOnChineseAndEnglish) {
  // sclite aligns whitespace-separated tokens, so the test writes one token per code point (the space
  // token written as "_", which the texts do not contain) and compares with our CER on the raw text.
  const auto dir = test::scratch_dir("sclite-cer");
  auto write_chars = [&](const std::string& src, const std::string& dst) {
    ErrorRateAccumulator tokens_of({ErrorUnit::kCharacter, false, false});
    std::ofstream out(dir / dst);
    for (const auto& line : read_trn(test::data_path(src))) {
      for (const auto& t : tokens_of.tokens(line.text)) out << (t == " " ? "_" : t) << ' ';
      out << "(" << line.id << ")\n";
    }
  };
  write_chars("wer/cer_ref.trn", "ref_chars.trn");
  write_chars("wer/cer_hyp.trn", "hyp_chars.trn");
  const Scored ours = score_with_steerscope(test::data_path("wer/cer_ref.trn"),
                                            test::data_path("wer/cer_hyp.trn"), ErrorUnit::kCharacter);
  expect_agreement(ours,
                   run_sclite((dir / "ref_chars.trn").string(), (dir / "hyp_chars.trn").string(), true));
  EXPECT_GT(ours.total.errors(), 0);
  std::filesystem::remove_all(dir);
}

TEST(ScliteAgreement, DocumentedDifferenceWhereScliteWeightsPreferMoreEdits) {
  const std::string ref = test::data_path("wer/shift_ref.trn"), hyp = test::data_path("wer/shift_hyp.trn");
  const Scored ours = score_with_steerscope(ref, hyp, ErrorUnit::kWord);
  const auto sclite = run_sclite(ref, hyp, false);
  ASSERT_EQ(sclite.size(), 1u);
  EXPECT_EQ(ours.total, (EditCounts{0, 5, 0, 0}));              // minimum edits, as jiwer
  EXPECT_EQ(sclite.begin()->second, (EditCounts{2, 0, 3, 3}));  // sclite: cheaper under 4/3/3 weights
}

}  // namespace
}  // namespace steerscope::analysis
