// Alignment and speaker importers on files shaped like those the tools write (tests/data/alignments):
// Praat/MFA TextGrids in every text variant and encoding, NeMo/Kaldi/sclite CTMs, pyannote RTTMs, HTK,
// Audacity and Sonic Annotator label files, spreadsheet CSVs, speaker manifests; and the mapping of a tier
// onto encoder frames.

#include <gtest/gtest.h>

#include <cmath>

#include "core/io/ctm_file.h"
#include "core/io/frame_labels.h"
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

using Items = std::vector<AlignmentItem>;

const Items kWords = {{0, 0.41, ""},        {0.41, 0.56, "he"}, {0.56, 0.89, "hoped"}, {0.89, 1.05, "there"},
                      {1.05, 1.2, "would"}, {1.2, 1.33, "be"},  {1.33, 1.86, "stew"},  {1.86, 2.21, ""}};

// Times computed from other units (100 ns, ms) are compared to 1 ns.
void expect_items_near(const Items& got, const Items& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i].start_s, expected[i].start_s, 1e-9) << "item " << i;
    EXPECT_NEAR(got[i].end_s, expected[i].end_s, 1e-9) << "item " << i;
    EXPECT_EQ(got[i].label, expected[i].label) << "item " << i;
  }
}

}  // namespace

TEST(TextGridImport, ReadsMfaLongFormatAndClampsTinyOverlaps) {
  auto tiers = read_textgrid(data("mfa_words_phones.TextGrid"));
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0], (AlignmentTier{"words", AlignmentTier::Kind::kInterval, kWords}));
  const auto& phones = tiers[1];
  EXPECT_EQ(phones.name, "phones");
  ASSERT_EQ(phones.items.size(), 17u);
  // HH ends at 0.4801, 0.1 ms after IY1 starts: IY1 is clamped to start where HH ends.
  EXPECT_EQ(phones.items[1], (AlignmentItem{0.41, 0.4801, "HH"}));
  EXPECT_EQ(phones.items[2], (AlignmentItem{0.4801, 0.56, "IY1"}));
  EXPECT_EQ(phones.items[16], (AlignmentItem{1.86, 2.21, ""}));
}

TEST(TextGridImport, WindowsLineEndingsReadLikeUnixOnes) {
  auto tiers = read_textgrid(data("windows_crlf.TextGrid"));
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_EQ(tiers[0].items, kWords);
}

TEST(TextGridImport, ReadsShortFormatWithPointTierAndQuotedQuotes) {
  auto tiers = read_textgrid(data("praat_short.TextGrid"));
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0], (AlignmentTier{"words", AlignmentTier::Kind::kInterval, kWords}));
  EXPECT_EQ(tiers[1],
            (AlignmentTier{
                "events", AlignmentTier::Kind::kPoint, {{0.3, 0.3, "click"}, {1.5, 1.5, "say \"stew\""}}}));
}

TEST(TextGridImport, ReadsChronologicalVariant) {
  auto tiers = read_textgrid(data("chronological.TextGrid"));
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(
      tiers[0],
      (AlignmentTier{
          "words",
          AlignmentTier::Kind::kInterval,
          {{0, 0.41, ""}, {0.41, 0.56, "he"}, {0.56, 0.89, "hoped"}, {0.89, 2.21, "there would be stew"}}}));
  EXPECT_EQ(tiers[1], (AlignmentTier{
                          "events", AlignmentTier::Kind::kPoint, {{0.3, 0.3, "click"}, {1.5, 1.5, "beep"}}}));
}

TEST(TextGridImport, ReadsUtf16WithByteOrderMarkBothEndiannesses) {
  const Items ipa = {{0, 0.41, ""},      {0.41, 0.48, "h"},  {0.48, 0.56, "iː"}, {0.56, 0.63, "h"},
                     {0.63, 0.77, "əʊ"}, {0.77, 0.89, "pt"}, {0.89, 1.05, "ðɛ"}, {1.05, 2.21, ""}};
  for (const char* file : {"praat_utf16be_bom.TextGrid", "praat_utf16le_bom.TextGrid"}) {
    auto tiers = read_textgrid(data(file));
    ASSERT_EQ(tiers.size(), 1u) << file;
    EXPECT_EQ(tiers[0], (AlignmentTier{"phones (IPA)", AlignmentTier::Kind::kInterval, ipa})) << file;
  }
}

TEST(TextGridImport, ReadsWhatTheWriterWrites) {
  auto dir = test::scratch_dir("tg-roundtrip");
  const std::vector<AlignmentTier> tiers = {
      {"words",
       AlignmentTier::Kind::kInterval,
       {{0.1, 0.5, "naïve \"quoted\""}, {0.7, 1.0 / 3.0 + 1.0, "東京"}}},
      {"events", AlignmentTier::Kind::kPoint, {{0.25, 0.25, "x"}}}};
  write_textgrid((dir / "t.TextGrid").string(), 2.0, tiers);
  auto back = read_textgrid((dir / "t.TextGrid").string());
  ASSERT_EQ(back.size(), 2u);
  // The writer fills the gaps of interval tiers with empty intervals.
  EXPECT_EQ(back[0].items, (Items{{0, 0.1, ""},
                                  {0.1, 0.5, "naïve \"quoted\""},
                                  {0.5, 0.7, ""},
                                  {0.7, 1.0 / 3.0 + 1.0, "東京"},
                                  {1.0 / 3.0 + 1.0, 2.0, ""}}));
  EXPECT_EQ(back[1], tiers[1]);
}

TEST(CtmImport, ReadsNemoRt09WithOptionalColumns) {
  auto ctm = read_ctm(data("nemo_rt09.ctm"));
  EXPECT_EQ(ctm.time_format, CtmTimeFormat::kDuration);
  ASSERT_EQ(ctm.by_source.size(), 2u);
  const auto& first = ctm.by_source.at("1089-134686-0000");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].name, "words");
  expect_items_near(first[0].items, Items(kWords.begin() + 1, kWords.end() - 1));
  expect_items_near(ctm.by_source.at("1089-134686-0001")[0].items,
                    {{0.10, 0.50, "stuff"}, {0.52, 0.72, "it"}});
}

TEST(CtmImport, SortsWordsSkipsCommentsAndHandlesCrLf) {
  auto ctm = read_ctm(data("sclite_minimal.ctm"));
  expect_items_near(ctm.by_source.at("utt_a")[0].items, {{0.5, 0.9, "hello"}, {1.2, 1.5, "world"}});
  expect_items_near(ctm.by_source.at("utt_b")[0].items, {{0.0, 1.0, "yes"}});
}

TEST(CtmImport, DetectsEndTimesAndMapsKaldiWordIds) {
  CtmOptions o;
  o.token_map = read_word_symbols(data("words.txt"));
  auto ctm = read_ctm(data("kaldi_end_times.ctm"), o);
  EXPECT_EQ(ctm.time_format, CtmTimeFormat::kEndTime);
  expect_items_near(ctm.by_source.at("1089-134686-0000")[0].items,
                    Items(kWords.begin() + 1, kWords.end() - 1));

  // Stated explicitly, the same column is read as durations.
  o.time_format = CtmTimeFormat::kDuration;
  auto as_durations = read_ctm(data("kaldi_end_times.ctm"), o);
  EXPECT_NEAR(as_durations.by_source.at("1089-134686-0000")[0].items[0].end_s, 0.41 + 0.56, 1e-12);
  // A file too short to tell is read as durations, the NIST definition.
  EXPECT_EQ(read_ctm(data("sclite_minimal.ctm")).time_format, CtmTimeFormat::kDuration);
}

TEST(CtmImport, SplitsChannelsOrKeepsOne) {
  auto both = read_ctm(data("two_channels.ctm"));
  const auto& tiers = both.by_source.at("call_7");
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0].name, "words:A");
  expect_items_near(tiers[0].items, {{0.0, 0.5, "hello"}, {1.1, 1.4, "bye"}});
  EXPECT_EQ(tiers[1].name, "words:B");
  CtmOptions o;
  o.channel = "B";
  o.time_offset_s = 10.0;
  o.tier_name = "asr";
  auto b = read_ctm(data("two_channels.ctm"), o);
  ASSERT_EQ(b.by_source.at("call_7").size(), 1u);
  EXPECT_EQ(b.by_source.at("call_7")[0].name, "asr");
  expect_items_near(b.by_source.at("call_7")[0].items, {{10.6, 11.0, "hi"}});
}

TEST(RttmImport, ReadsPyannoteOutputWithOverlappingSpeech) {
  auto rttm = read_rttm(data("pyannote.rttm"));
  ASSERT_EQ(rttm.size(), 2u);
  const AlignmentTier& m = rttm.at("meeting_01");
  EXPECT_EQ(m.name, "speakers");
  expect_items_near(m.items, {{0.5, 2.75, "SPEAKER_00"}, {2.6, 4.0, "SPEAKER_01"}, {3.8, 6.8, "SPEAKER_00"}});
  EXPECT_EQ(dominant_speaker(m), "SPEAKER_00");
  EXPECT_EQ(dominant_speaker(rttm.at("meeting_02")), "alice");
  EXPECT_EQ(dominant_speaker(AlignmentTier{}), "");
}

TEST(RttmImport, ToleratesExtraColumnsAndOtherLineTypes) {
  auto rttm = read_rttm(data("extra_columns.rttm"));
  ASSERT_EQ(rttm.size(), 1u);
  expect_items_near(rttm.at("meeting_01").items, {{0.5, 2.75, "SPEAKER_00"}, {2.6, 4.0, "SPEAKER_01"}});
}

TEST(RttmImport, ReadsUtf16LittleEndianWithBom) {
  auto rttm = read_rttm(data("utf16le_bom.rttm"));
  expect_items_near(rttm.at("interview").items, {{0.0, 4.0, "Zoë"}, {4.0, 6.5, "王芳"}});
}

TEST(LabelFileImport, ReadsHtkLevelsIn100NanosecondUnits) {
  auto tiers = read_label_file(data("htk_phones.lab"));
  ASSERT_EQ(tiers.size(), 2u);
  EXPECT_EQ(tiers[0].name, "labels");
  expect_items_near(
      tiers[0].items,
      {{0, 0.41, "sil"}, {0.41, 0.48, "hh"}, {0.48, 0.56, "iy"}, {0.56, 0.63, "hh"}, {0.63, 0.77, "ow"}});
  EXPECT_EQ(tiers[1].name, "labels:2");
  expect_items_near(tiers[1].items, {{0, 0.41, "SIL"}, {0.41, 0.56, "HE"}, {0.56, 0.77, "HOPED"}});
}

TEST(LabelFileImport, ReadsAudacityLabelTrack) {
  auto tiers = read_label_file(data("audacity_labels.txt"));
  ASSERT_EQ(tiers.size(), 1u);
  EXPECT_EQ(tiers[0].kind, AlignmentTier::Kind::kInterval);  // regions and a point label
  expect_items_near(
      tiers[0].items,
      {{0.41, 0.56, "he"}, {0.56, 0.89, "hoped there"}, {1.33, 1.86, "stew"}, {1.5, 1.5, "click"}});
}

TEST(LabelFileImport, ReadsSonicAnnotatorSegmentsAndInstants) {
  auto seg = read_label_file(data("sonic_annotator.lab"));
  expect_items_near(seg.at(0).items, {{0, 0.41, "silence"}, {0.41, 1.86, "speech"}, {1.86, 2.21, "silence"}});
  auto inst = read_label_file(data("sv_instants.lab"));
  EXPECT_EQ(inst.at(0).kind, AlignmentTier::Kind::kPoint);
  expect_items_near(inst.at(0).items, {{0.3, 0.3, "onset"}, {1.5, 1.5, "onset"}});
}

TEST(LabelFileImport, ReadsCsvVariants) {
  expect_items_near(read_label_file(data("labels_header.csv")).at(0).items,
                    {{0.41, 0.56, "he"}, {0.56, 0.89, "hoped, \"maybe\""}, {1.33, 1.86, "stew"}});
  expect_items_near(read_label_file(data("labels_ms_semicolon.csv")).at(0).items,
                    {{0.41, 0.56, "he"}, {0.56, 0.89, "höped"}});
  expect_items_near(read_label_file(data("labels_noheader.csv")).at(0).items,
                    {{0.41, 0.56, "he"}, {0.56, 0.89, "hoped"}});
  LabelFileOptions o;
  o.tier_name = "segments";
  EXPECT_EQ(read_label_file(data("labels_header.csv"), o).at(0).name, "segments");
}

TEST(SpeakerLabels, FromLibriSpeechAndLibriTtsPaths) {
  EXPECT_EQ(speaker_from_corpus_path("/data/LibriSpeech/test-clean/1089/134686/1089-134686-0000.flac"),
            "1089");
  EXPECT_EQ(speaker_from_corpus_path("1089-134686-0000.flac"), "1089");
  EXPECT_EQ(speaker_from_corpus_path("/corpora/flat/121-121726-0011.wav"), "121");
  EXPECT_EQ(speaker_from_corpus_path("/data/LibriTTS/train-clean-100/19/198/19_198_000000_000003.wav"), "19");
  // Directories that contradict the file name, and names of other shapes, give no speaker.
  EXPECT_EQ(speaker_from_corpus_path("/data/LibriSpeech/test-clean/1089/999/1089-134686-0000.flac"), "");
  EXPECT_EQ(speaker_from_corpus_path("/data/LibriSpeech/test-clean/77/134686/1089-134686-0000.flac"), "");
  EXPECT_EQ(speaker_from_corpus_path("/data/clips/take-2-final.wav"), "");
  EXPECT_EQ(speaker_from_corpus_path("/data/clips/common_voice_en_1234.mp3"), "");
}

TEST(SpeakerLabels, FromManifestColumns) {
  auto json = read_speaker_column(data("manifest.jsonl"), "id", "speaker");
  EXPECT_EQ(json,
            (std::map<std::string, std::string>{{"1089-134686-0000", "1089"}, {"121-121726-0000", "121"}}));
  auto tsv = read_speaker_column(data("manifest.tsv"), "utt", "spk");
  EXPECT_EQ(tsv, (std::map<std::string, std::string>{{"1089-134686-0000", "1089"}, {"rec_2", "Zoë"}}));
}

TEST(FrameLabels, LabelOfAFrameIsTheItemUnderItsCentre) {
  const AlignmentTier t{"phones", AlignmentTier::Kind::kInterval, {{0.0, 0.02, "a"}, {0.02, 0.05, "b"}}};
  // 100 Hz: centres 5, 15, 25, 35, 45, 55 ms.
  EXPECT_EQ(frame_labels(t, 100.0, 6), (std::vector<std::string>{"a", "a", "b", "b", "b", ""}));
  // 50 Hz: centres 10, 30, 50 ms; 50 ms is the end of "b", not inside it.
  EXPECT_EQ(frame_labels(t, 50.0, 3), (std::vector<std::string>{"a", "b", ""}));
  // Pooled layers (12.5 Hz): one 80 ms frame, centre 40 ms.
  EXPECT_EQ(frame_labels(t, 12.5, 1), (std::vector<std::string>{"b"}));
  EXPECT_TRUE(frame_labels(t, 50.0, 0).empty());
  // A boundary exactly on a frame centre belongs to the item that starts there.
  const AlignmentTier c{"x", AlignmentTier::Kind::kInterval, {{0.0, 0.03, "p"}, {0.03, 0.07, "q"}}};
  EXPECT_EQ(frame_labels(c, 50.0, 4), (std::vector<std::string>{"p", "q", "q", ""}));
}

TEST(FrameLabels, OverlapsTakeTheFirstItemAndPointsMarkTheirFrame) {
  auto rttm = read_rttm(data("pyannote.rttm"));
  auto labels = frame_labels(rttm.at("meeting_01"), 50.0, 400);
  EXPECT_EQ(labels[0], "");              // before the first turn
  EXPECT_EQ(labels[100], "SPEAKER_00");  // 2.01 s
  EXPECT_EQ(labels[136], "SPEAKER_00");  // 2.73 s: both speakers, SPEAKER_00's turn is listed first
  EXPECT_EQ(labels[195], "SPEAKER_01");  // 3.91 s: both, SPEAKER_01's turn started earlier
  EXPECT_EQ(labels[210], "SPEAKER_00");  // 4.21 s
  EXPECT_EQ(labels[399], "");            // 7.99 s
  const AlignmentTier p{
      "events", AlignmentTier::Kind::kPoint, {{0.021, 0.021, "x"}, {0.029, 0.029, "y"}, {9.0, 9.0, "z"}}};
  EXPECT_EQ(frame_labels(p, 100.0, 4), (std::vector<std::string>{"", "", "x", ""}));
  EXPECT_THROW(frame_labels(p, 0.0, 4), Error);
  EXPECT_THROW(frame_labels(p, 50.0, -1), Error);
}
