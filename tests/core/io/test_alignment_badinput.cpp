// Malformed alignment files fail with a steerscope::Error that names the file, the line and the problem;
// and no prefix of a valid file (a truncated download, a file still being written) makes an importer crash
// or throw anything but Error.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/io/ctm_file.h"
#include "core/io/label_file.h"
#include "core/io/rttm_file.h"
#include "core/io/speaker_labels.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

std::string data(const std::string& name) {
  return test::data_path("alignments/" + name);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// Expects an Error whose message starts with "<path>: line <line>: " and contains `problem`.
void expect_error(const std::function<void()>& f, const std::string& path, int line,
                  const std::string& problem) {
  const std::string e = error_of(f);
  const std::string prefix = path + ": line " + std::to_string(line) + ": ";
  EXPECT_EQ(e.rfind(prefix, 0), 0u) << "expected prefix '" << prefix << "' in: " << e;
  EXPECT_NE(e.find(problem), std::string::npos) << "expected '" << problem << "' in: " << e;
}

// 1-based line of the first line of `path` containing `text`.
int line_containing(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(text) != std::string::npos) return n;
  ADD_FAILURE() << text << " not found in " << path;
  return -1;
}

int line_count(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

std::string write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

}  // namespace

TEST(TextGridBadInput, OverlappingIntervalsBeyondOneMillisecond) {
  const auto p = data("bad_overlap.TextGrid");
  expect_error([&] { read_textgrid(p); }, p, line_containing(p, "xmin = 0.84 "),
               "tier 'words' item 4 starts at 0.840000 s, 0.050000 s before the previous interval ends");
  // With a larger tolerance, the same file imports, clamped.
  TextGridReadOptions o;
  o.overlap_tolerance_s = 0.1;
  auto tiers = read_textgrid(p, o);
  EXPECT_EQ(tiers[0].items[3].start_s, 0.89);
}

TEST(TextGridBadInput, CountsThatDoNotMatchTheItems) {
  const auto p = data("bad_count.TextGrid");
  // The file ends after 8 intervals: the error points at the last value there is.
  expect_error([&] { read_textgrid(p); }, p, line_count(p),
               "unexpected end of file; expected a number (xmin of interval 9 of tier 'words')");
}

TEST(TextGridBadInput, MalformedNumberTruncationAndUnclosedString) {
  auto p = data("bad_number.TextGrid");
  expect_error([&] { read_textgrid(p); }, p, line_containing(p, "0,89"), "'0,89' is not a number");
  p = data("bad_truncated.TextGrid");
  expect_error([&] { read_textgrid(p); }, p, line_containing(p, "xmax = 1.2 "), "unexpected end of file");
  p = data("bad_unclosed_string.TextGrid");
  expect_error([&] { read_textgrid(p); }, p, line_containing(p, "\"stew "), "string is not closed");
}

TEST(TextGridBadInput, NotATextGrid) {
  auto dir = test::scratch_dir("tg-bad");
  auto p = write_file(dir / "pitch.txt", "File type = \"ooTextFile\"\nObject class = \"Pitch 1\"\n0 1\n");
  expect_error([&] { read_textgrid(p); }, p, 1, "not a TextGrid (Object class is \"Pitch 1\")");
  p = write_file(dir / "bin.TextGrid", std::string("ooBinaryFile\x08TextGrid\0\0", 23));
  expect_error([&] { read_textgrid(p); }, p, 1, "binary TextGrid");
  p = write_file(dir / "empty.TextGrid", "");
  EXPECT_NE(error_of([&] { read_textgrid(p); }).find("empty file"), std::string::npos);
  p = write_file(dir / "class.TextGrid",
                 "File type = \"ooTextFile\"\nObject class = "
                 "\"TextGrid\"\n0\n1\n<exists>\n1\n\"SomeTier\"\n\"x\"\n0\n1\n0\n");
  expect_error([&] { read_textgrid(p); }, p, 7, "unknown tier class \"SomeTier\"");
  p = write_file(dir / "backwards.TextGrid",
                 "File type = \"ooTextFile\"\nObject class = "
                 "\"TextGrid\"\n0\n1\n<exists>\n1\n\"IntervalTier\"\n\"w\"\n0\n1\n1\n"
                 "0.5\n0.2\n\"x\"\n");
  expect_error([&] { read_textgrid(p); }, p, 12, "ends (0.200000 s) before it starts (0.500000 s)");
  p = write_file(
      dir / "chrono.TextGrid",
      "\"Praat chronological TextGrid text file\"\n0 1\n1\n\"IntervalTier\" \"w\" 0 1\n3 0 1\n\"x\"\n");
  expect_error([&] { read_textgrid(p); }, p, 5, "tier number 3 is outside 1..1");
  EXPECT_NE(error_of([&] { read_textgrid((dir / "missing.TextGrid").string()); }).find("cannot open file"),
            std::string::npos);
}

TEST(TextGridBadInput, BrokenEncodings) {
  auto dir = test::scratch_dir("tg-enc");
  // Latin-1 bytes in a file without a BOM are not UTF-8.
  auto p = write_file(dir / "latin1.TextGrid",
                      "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\"caf\xe9\"\n");
  expect_error([&] { read_textgrid(p); }, p, 3, "not valid UTF-8");
  // UTF-16 with an odd byte count (truncated) and with an unpaired surrogate.
  p = write_file(dir / "odd.TextGrid", std::string("\xff\xfe\x46\x00\x69", 5));
  EXPECT_NE(error_of([&] { read_textgrid(p); }).find("odd number of bytes"), std::string::npos);
  p = write_file(dir / "surrogate.TextGrid", std::string("\xfe\xff\x00\x22\xd8\x00\x00\x22", 8));
  expect_error([&] { read_textgrid(p); }, p, 1, "unpaired UTF-16 surrogate");
}

TEST(CtmBadInput, MissingColumnsBadTimesAndUnknownWords) {
  auto p = data("bad_columns.ctm");
  expect_error([&] { read_ctm(p); }, p, 2, "expected at least 5 columns");
  p = data("bad_negative_duration.ctm");
  expect_error([&] { read_ctm(p); }, p, 2, "duration -0.05 is negative");
  p = data("bad_time.ctm");
  expect_error([&] { read_ctm(p); }, p, 2, "begin time 'abc' is not a number");
  // Stated as end times, a line whose fourth column is before its begin is an error.
  CtmOptions o;
  o.time_format = CtmTimeFormat::kEndTime;
  p = data("nemo_rt09.ctm");
  expect_error([&] { read_ctm(p, o); }, p, 2, "end time 0.150000 is before the begin time 0.410000");
  CtmOptions m;
  m.token_map = {{"17", "he"}};
  p = data("kaldi_end_times.ctm");
  expect_error([&] { read_ctm(p, m); }, p, 2, "token '42' is not in the word map");
  auto dir = test::scratch_dir("ctm-bad");
  auto w = write_file(dir / "words.txt", "he 17\nhoped\n");
  expect_error([&] { read_word_symbols(w); }, w, 2, "expected '<word> <integer id>'");
}

TEST(RttmBadInput, ShortLinesAndBadTimes) {
  auto p = data("bad_short_line.rttm");
  expect_error([&] { read_rttm(p); }, p, 2, "SPEAKER line has 5 columns, expected at least 8");
  p = data("bad_negative.rttm");
  expect_error([&] { read_rttm(p); }, p, 1, "duration -2.250 is negative");
  auto dir = test::scratch_dir("rttm-bad");
  p = write_file(dir / "na.rttm", "SPEAKER f 1 0 1 <NA> <NA> <NA> <NA> <NA>\n");
  expect_error([&] { read_rttm(p); }, p, 1, "speaker name is <NA>");
}

TEST(LabelFileBadInput, BackwardsSegmentsAndBrokenCsv) {
  auto p = data("bad_end_before_start.lab");
  expect_error([&] { read_label_file(p); }, p, 2, "end time 1.000000 is before the start time 1.200000");
  p = data("bad_csv_header.csv");
  expect_error([&] { read_label_file(p); }, p, 1, "CSV header has no start column");
  p = data("bad_csv_row.csv");
  expect_error([&] { read_label_file(p); }, p, 3, "expected at least 2 fields, found 1");
  auto dir = test::scratch_dir("lab-bad");
  p = write_file(dir / "quote.csv", "start,end,label\n0,1,\"unclosed\n");
  expect_error([&] { read_label_file(p); }, p, 2, "unclosed quote");
  p = write_file(dir / "one.lab", "0.5\n");
  expect_error([&] { read_label_file(p); }, p, 1, "expected '<start> <end> <label>'");
  p = write_file(dir / "word.lab", "0.5 0.7 a\nstart 1.0 b\n");
  expect_error([&] { read_label_file(p); }, p, 2, "expected a start time, found 'start'");
  p = write_file(dir / "neg.txt", "-0.5\t0.7\ta\n");
  expect_error([&] { read_label_file(p); }, p, 1, "start time -0.500000 is negative");
}

TEST(SpeakerManifestBadInput, MissingColumnsAndDuplicates) {
  auto dir = test::scratch_dir("spk-bad");
  auto p = data("manifest.tsv");
  expect_error([&] { read_speaker_column(p, "id", "spk"); }, p, 1,
               "no column \"id\" in the header (columns: utt, path, spk)");
  p = data("manifest.jsonl");
  expect_error([&] { read_speaker_column(p, "id", "spk"); }, p, 1, "no \"spk\" key");
  p = write_file(dir / "dup.csv", "id,speaker\na,1\na,2\n");
  expect_error([&] { read_speaker_column(p, "id", "speaker"); }, p, 3, "id 'a' appears twice");
  p = write_file(dir / "broken.jsonl", "{\"id\": \"a\", \"speaker\": \"1\"}\n{\"id\": \n");
  expect_error([&] { read_speaker_column(p, "id", "speaker"); }, p, 2, "not a JSON object");
}

// Every prefix of every valid file either imports or fails with Error.
TEST(AlignmentBadInput, EveryTruncationImportsOrFailsCleanly) {
  auto dir = test::scratch_dir("align-trunc");
  struct Case {
    const char* file;
    std::function<void(const std::string&)> read;
  };
  const std::vector<Case> cases = {
      {"mfa_words_phones.TextGrid", [](const std::string& p) { read_textgrid(p); }},
      {"praat_short.TextGrid", [](const std::string& p) { read_textgrid(p); }},
      {"chronological.TextGrid", [](const std::string& p) { read_textgrid(p); }},
      {"praat_utf16le_bom.TextGrid", [](const std::string& p) { read_textgrid(p); }},
      {"nemo_rt09.ctm", [](const std::string& p) { read_ctm(p); }},
      {"pyannote.rttm", [](const std::string& p) { read_rttm(p); }},
      {"utf16le_bom.rttm", [](const std::string& p) { read_rttm(p); }},
      {"htk_phones.lab", [](const std::string& p) { read_label_file(p); }},
      {"audacity_labels.txt", [](const std::string& p) { read_label_file(p); }},
      {"labels_header.csv", [](const std::string& p) { read_label_file(p); }},
      {"manifest.jsonl", [](const std::string& p) { read_speaker_column(p, "id", "speaker"); }},
  };
  for (const auto& c : cases) {
    const std::string bytes = test::read_text_file(data(c.file));
    ASSERT_FALSE(bytes.empty()) << c.file;
    size_t ok = 0, failed = 0;
    // Long files are cut every few bytes; the step still crosses every kind of token boundary.
    const size_t step = bytes.size() > 4000 ? 7 : 1;
    std::vector<size_t> cuts;
    for (size_t n = 0; n < bytes.size(); n += step) cuts.push_back(n);
    cuts.push_back(bytes.size() - 1);  // all but the final newline: must import
    for (size_t n : cuts) {
      // A new file each time: rewriting one file in place makes ext4 flush it to disk on every close.
      const std::string p = (dir / (std::to_string(n) + "-" + c.file)).string();
      write_file(p, bytes.substr(0, n));
      try {
        c.read(p);
        ++ok;
      } catch (const Error&) {
        ++failed;
      } catch (const std::exception& e) {
        ADD_FAILURE() << c.file << " cut at " << n << " bytes threw a non-Error exception: " << e.what();
      }
      std::filesystem::remove(p);
    }
    EXPECT_GT(failed, 0u) << c.file;  // a prefix of a structured file must be rejected somewhere
    EXPECT_GT(ok, 0u) << c.file;
  }
}
