// CorpusBuilder and steerscope-cli corpus on tiny corpora: the same options give byte-identical files
// (in one process with different thread counts, and across processes), the manifest agrees with the WAV
// files, the TextGrids read back with tiers covering each file and words spelling the transcript, the
// splits keep their promises, and bad options are refused.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/corpus/corpus_builder.h"
#include "core/corpus/function_call.h"
#include "core/corpus/transcript_text.h"
#include "core/io/audio_file.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "tests/test_support.h"

using namespace steerscope;
namespace fs = std::filesystem;

namespace {

CorpusOptions tiny_options() {
  CorpusOptions o;
  o.seed = 5;
  o.train = 10;
  o.validation = 3;
  o.test = 4;
  o.test_heldout_speaker = 3;
  o.speakers = 5;
  o.lm_extra = 30;
  return o;
}

// Relative path -> sha256 of every file under root.
std::map<std::string, std::string> file_hashes(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out[fs::relative(e.path(), root).string()] = sha256_file(e.path().string());
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) fields.push_back(field);
  if (!line.empty() && line.back() == '\t') fields.emplace_back();
  return fields;
}

struct ManifestRow {
  std::map<std::string, std::string> field;
  const std::string& operator[](const std::string& key) const { return field.at(key); }
};

std::vector<ManifestRow> read_manifest(const fs::path& root) {
  std::ifstream in(root / "manifest.tsv");
  std::string line;
  EXPECT_TRUE(std::getline(in, line));
  const std::vector<std::string> header = split_tabs(line);
  std::vector<ManifestRow> rows;
  while (std::getline(in, line)) {
    const auto fields = split_tabs(line);
    EXPECT_EQ(fields.size(), header.size()) << line;
    ManifestRow row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row.field[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

void check_tier_covers(const AlignmentTier& tier, double duration, const std::string& where) {
  ASSERT_FALSE(tier.items.empty()) << where << " " << tier.name;
  EXPECT_NEAR(tier.items.front().start_s, 0.0, 1e-12) << where << " " << tier.name;
  EXPECT_NEAR(tier.items.back().end_s, duration, 1e-9) << where << " " << tier.name;
  for (size_t i = 0; i < tier.items.size(); ++i) {
    EXPECT_LT(tier.items[i].start_s, tier.items[i].end_s) << where << " " << tier.name << " item " << i;
    if (i > 0) {
      EXPECT_NEAR(tier.items[i].start_s, tier.items[i - 1].end_s, 1e-12)
          << where << " " << tier.name << " " << i;
    }
  }
}

// Every promise the corpus files make, checked from the files alone.
void check_corpus(const fs::path& root, const CorpusOptions& o) {
  const auto rows = read_manifest(root);
  ASSERT_EQ(rows.size(), static_cast<size_t>(o.train + o.validation + o.test + o.test_heldout_speaker));
  const nlohmann::json info = nlohmann::json::parse(test::read_text_file((root / "corpus.json").string()));
  const std::string held_out = info.at("held_out_speaker").get<std::string>();
  EXPECT_EQ(info.at("seed").get<uint64_t>(), o.seed);
  EXPECT_EQ(info.at("speakers").size(), static_cast<size_t>(o.speakers));

  std::map<std::string, std::set<std::string>> texts;
  std::map<std::string, int> per_split;
  for (const auto& r : rows) {
    const std::string where = r["id"];
    ++per_split[r["split"]];
    texts[r["split"]].insert(r["text"]);
    EXPECT_TRUE(is_normalised_transcript(r["text"])) << where;
    EXPECT_EQ(r["speaker"] == held_out, r["split"] == "test_heldout_speaker") << where;
    if (r["kind"] == "command") {
      const FunctionCall call = FunctionCall::parse(r["call"]);
      EXPECT_EQ(call.to_string(), r["call"]) << where;
    } else {
      EXPECT_EQ(r["kind"], "dictation") << where;
      EXPECT_EQ(r["call"], "") << where;
    }

    // The WAV file: 16 kHz mono, as long as the manifest says (to the 10 us the column gives).
    const std::string wav = (root / r["path"]).string();
    const AudioStream audio(wav, 16000);
    EXPECT_EQ(audio.info().sample_rate, 16000) << where;
    EXPECT_EQ(audio.info().channels, 1) << where;
    const double duration = std::stod(r["duration"]);
    EXPECT_NEAR(static_cast<double>(audio.info().frames) / 16000.0, duration, 6e-6) << where;
    EXPECT_GT(duration, 0.5) << where;
    EXPECT_LT(duration, 8.0) << where;
    const AudioBuffer samples = load_audio(wav, 16000);
    float peak = 0.0f;
    for (float x : samples.samples) peak = std::max(peak, std::fabs(x));
    EXPECT_GT(peak, 0.05f) << where;
    EXPECT_LT(peak, 1.0f) << where;

    // The TextGrid: phones, words, speakers, each covering the file; words spell the transcript.
    const auto tiers = read_textgrid((root / r["align"]).string());
    ASSERT_EQ(tiers.size(), 3u) << where;
    EXPECT_EQ(tiers[0].name, "phones");
    EXPECT_EQ(tiers[1].name, "words");
    EXPECT_EQ(tiers[2].name, "speakers");
    const double exact = static_cast<double>(audio.info().frames) / 16000.0;
    for (const auto& t : tiers) check_tier_covers(t, exact, where);
    std::string words;
    for (const auto& item : tiers[1].items)
      if (!item.label.empty()) words += (words.empty() ? "" : " ") + item.label;
    EXPECT_EQ(words, r["text"]) << where;
    ASSERT_EQ(tiers[2].items.size(), 1u) << where;
    EXPECT_EQ(tiers[2].items[0].label, r["speaker"]) << where;
    // Every word boundary is a phone boundary.
    std::set<double> phone_bounds;
    for (const auto& item : tiers[0].items) phone_bounds.insert(item.start_s);
    for (const auto& item : tiers[1].items)
      EXPECT_TRUE(phone_bounds.count(item.start_s)) << where << " " << item.label;
    EXPECT_EQ(tiers[0].items.front().label, "") << where << ": leading silence";
    EXPECT_EQ(tiers[0].items.back().label, "") << where << ": trailing silence";
  }
  EXPECT_EQ(per_split["train"], o.train);
  EXPECT_EQ(per_split["validation"], o.validation);
  EXPECT_EQ(per_split["test"], o.test);
  EXPECT_EQ(per_split["test_heldout_speaker"], o.test_heldout_speaker);
  for (const char* held : {"validation", "test", "test_heldout_speaker"})
    for (const auto& t : texts[held]) EXPECT_FALSE(texts["train"].count(t)) << held << ": " << t;
  EXPECT_EQ(info.at("splits").at("train").at("utterances").get<int>(), o.train);

  // lm_text.txt: the train items first, nothing from validation or test.
  std::ifstream lm(root / "lm_text.txt");
  std::string line;
  int lines = 0;
  while (std::getline(lm, line)) {
    ++lines;
    const std::string text = line.substr(0, line.find(" => "));
    for (const char* held : {"validation", "test"}) EXPECT_FALSE(texts[held].count(text)) << line;
  }
  EXPECT_EQ(lines, o.train + o.lm_extra);
}

}  // namespace

TEST(CorpusBuilder, SameOptionsGiveIdenticalFilesWhateverTheThreads) {
  const fs::path a = test::scratch_dir("corpus-build-a"), b = test::scratch_dir("corpus-build-b");
  const CorpusOptions o = tiny_options();
  const CorpusSummary summary = CorpusBuilder(o).build(a.string(), 1);
  int calls = 0, last = -1;
  CorpusBuilder(o).build(b.string(), 3, [&](int done, int total) {
    EXPECT_EQ(total, 20);
    EXPECT_GE(done, last);
    last = done;
    ++calls;
    return true;
  });
  EXPECT_GT(calls, 0);
  EXPECT_EQ(last, 20);
  const auto ha = file_hashes(a), hb = file_hashes(b);
  EXPECT_EQ(ha.size(), 20u * 2 + 3);  // WAV + TextGrid per utterance, manifest, corpus.json, lm_text.txt
  EXPECT_EQ(ha, hb);

  EXPECT_EQ(summary.utterances, 20);
  EXPECT_EQ(summary.splits.size(), 4u);
  EXPECT_GT(summary.audio_s, 10.0);
  EXPECT_GT(summary.distinct_phones, 20);
  EXPECT_GT(summary.vocabulary_size, 300);
  check_corpus(a, o);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(CorpusBuilder, RefusesANonEmptyDirectoryAndStopsWhenCancelled) {
  const fs::path dir = test::scratch_dir("corpus-nonempty");
  std::ofstream(dir / "keep.txt") << "x";
  try {
    CorpusBuilder(tiny_options()).build(dir.string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.string()), std::string::npos) << e.what();
  }
  const fs::path cancelled = test::scratch_dir("corpus-cancelled");
  fs::remove_all(cancelled);
  EXPECT_THROW(
      CorpusBuilder(tiny_options()).build(cancelled.string(), 1, [](int done, int) { return done < 3; }),
      Cancelled);
  EXPECT_FALSE(fs::exists(cancelled / "manifest.tsv"));
  fs::remove_all(dir);
  fs::remove_all(cancelled);
}

TEST(CorpusCli, BuildsATinyCorpusReproduciblyAcrossProcesses) {
  const fs::path a = test::scratch_dir("corpus-cli-a"), b = test::scratch_dir("corpus-cli-b"),
                 c = test::scratch_dir("corpus-cli-c");
  const std::string args =
      " --train 12 --validation 4 --test 4 --test-heldout-speaker 3 --speakers 8 --lm-extra 20 "
      "--commands-fraction 0.5";
  const auto ra = test::run_cli("corpus --out " + a.string() + args + " --seed 3 --jobs 1");
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  for (const char* expected : {"train", "validation", "test_heldout_speaker", "hours", "wall time", "phones"})
    EXPECT_NE(ra.out.find(expected), std::string::npos) << expected << " in\n" << ra.out;
  EXPECT_NE(ra.err.find("23/23"), std::string::npos) << ra.err;
  const auto rb = test::run_cli("corpus --out " + b.string() + args + " --seed 3 --jobs 2 --quiet");
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(rb.err, "");
  EXPECT_EQ(file_hashes(a), file_hashes(b));

  const auto rc = test::run_cli("corpus --out " + c.string() + args + " --seed 4 --quiet");
  ASSERT_EQ(rc.exit_code, 0) << rc.err;
  EXPECT_NE(test::read_text_file((a / "manifest.tsv").string()),
            test::read_text_file((c / "manifest.tsv").string()));

  CorpusOptions o;
  o.seed = 3;
  o.train = 12;
  o.validation = 4;
  o.test = 4;
  o.test_heldout_speaker = 3;
  o.speakers = 8;
  o.lm_extra = 20;
  o.commands_fraction = 0.5;
  check_corpus(a, o);
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(CorpusCli, BadOptionsAreUsageErrors) {
  const fs::path dir = test::scratch_dir("corpus-cli-bad");
  fs::remove_all(dir);
  for (const std::string bad : {"--speakers 1", "--speakers 40", "--commands-fraction 2", "--train -5",
                                "--train ten", "--seed -1", "--jobs 0"}) {
    const auto r = test::run_cli("corpus --out " + dir.string() + " " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
  EXPECT_EQ(test::run_cli("corpus --train 3").exit_code, 2);  // --out missing
  EXPECT_FALSE(fs::exists(dir));

  const fs::path full = test::scratch_dir("corpus-cli-full");
  std::ofstream(full / "x") << "x";
  const auto r = test::run_cli("corpus --out " + full.string() +
                               " --train 2 --validation 0 --test 0 --test-heldout-speaker 0");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
  fs::remove_all(full);
}
