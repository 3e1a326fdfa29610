// The analyses read from HDF5 recordings: the streaming sources over RecordingReader give exactly what
// was written (one utterance at a time, pairs matched by id), analyze_corpus and compare_checkpoints over
// them give the hand-worked answers of hand_made_recordings.h, the intervention-effect accumulator
// measures known routing and transcript changes, and the result tables write self-describing CSV.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/analysis_json.h"
#include "analysis/analysis_tables.h"
#include "analysis/checkpoint_comparison.h"
#include "analysis/corpus_analysis.h"
#include "analysis/intervention_effect_accumulator.h"
#include "analysis/recording_pair_source.h"
#include "analysis/recording_utterance_source.h"
#include "analysis/result_table.h"
#include "core/io/recording_reader.h"
#include "core/util/error.h"
#include "tests/analysis/hand_made_recordings.h"
#include "tests/test_support.h"

namespace steerscope::analysis {
namespace {

namespace fs = std::filesystem;

double entropy(std::vector<double> p) {
  double h = 0.0;
  for (double x : p)
    if (x > 0) h -= x * std::log(x);
  return h;
}

std::string vowel_recording(const fs::path& dir) {
  const std::string path = (dir / "vowels.h5").string();
  test::write_recording(path, test::hand_made_constants(2, 3, 4), test::vowel_expert_corpus());
  return path;
}

TEST(RecordingUtteranceSource, StreamsEveryUtteranceAsWrittenInFileOrder) {
  const auto dir = test::scratch_dir("recording-source");
  const std::string path = vowel_recording(dir);
  const auto written = test::vowel_expert_corpus();
  RecordingReader reader(path);
  RecordingUtteranceSource source(reader);
  EXPECT_EQ(source.size(), 8u);
  UtteranceRecord u;
  size_t n = 0;
  while (source.next(u)) {
    ASSERT_LT(n, written.size());
    EXPECT_EQ(u.id, written[n].id);
    EXPECT_EQ(u.layers, written[n].layers);
    EXPECT_EQ(u.tiers, written[n].tiers);
    EXPECT_EQ(u.output->text, written[n].output->text);
    EXPECT_EQ(u.reference_text, written[n].reference_text);
    ++n;
  }
  EXPECT_EQ(n, 8u);
  EXPECT_FALSE(source.next(u));
  source.rewind();
  ASSERT_TRUE(source.next(u));
  EXPECT_EQ(u.id, "utt0");
}

TEST(RecordingUtteranceSource, KeepsTheChosenLayersAndStopsAtTheLimit) {
  const auto dir = test::scratch_dir("recording-source-layers");
  RecordingReader reader(vowel_recording(dir));
  RecordingSourceOptions o;
  o.layers = {1};
  o.limit = 3;
  RecordingUtteranceSource source(reader, o);
  EXPECT_EQ(source.size(), 3u);
  UtteranceRecord u;
  int n = 0;
  while (source.next(u)) {
    ASSERT_EQ(u.layers.size(), 1u);
    EXPECT_EQ(u.layers[0].layer, 1);
    ++n;
  }
  EXPECT_EQ(n, 3);

  RecordingSourceOptions bad;
  bad.layers = {2};
  try {
    RecordingUtteranceSource s(reader, bad);
    FAIL() << "layer 2 of a 2-layer recording was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer 2 does not exist"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("vowels.h5"), std::string::npos) << e.what();
  }
}

TEST(RecordingUtteranceSource, AnalysisOfTheRecordingGivesTheHandWorkedNumbers) {
  const auto dir = test::scratch_dir("recording-analysis");
  RecordingReader reader(vowel_recording(dir));
  RecordingUtteranceSource source(reader);
  CorpusAnalysisOptions o;
  o.labellings.push_back({FrameLabelKind::kTierLabel, "phones"});
  o.labellings.push_back({FrameLabelKind::kPhoneClass, "phones"});
  o.labellings.push_back({FrameLabelKind::kSpeaker, "speakers"});
  o.association.permutations = 199;
  const CorpusAnalysis a = analyze_corpus(source, o);
  ASSERT_EQ(a.routing.layers.size(), 2u);
  const auto& l0 = a.routing.layers[0];
  EXPECT_EQ(l0.frames, 160);
  EXPECT_NEAR(l0.mean_probability[0], 0.45, 1e-6);
  EXPECT_NEAR(l0.mean_probability[1], 0.275, 1e-6);
  EXPECT_NEAR(l0.dominant_share[0], 0.5, 1e-12);
  EXPECT_NEAR(l0.mean_top2_margin, 0.7, 1e-6);
  EXPECT_NEAR(l0.mean_frame_entropy_nats, entropy({0.8, 0.1, 0.1}), 1e-6);
  EXPECT_EQ(l0.persistence.runs, 32);
  EXPECT_NEAR(l0.persistence.mean_frames, 5.0, 1e-12);
  EXPECT_NEAR(l0.persistence.mean_seconds, 0.1, 1e-12);

  const auto& phones = a.associations[0].layers[0].hard_summary;
  EXPECT_NEAR(phones.nmi, std::sqrt(0.75), 1e-12);
  EXPECT_NEAR(phones.purity, 0.75, 1e-12);
  const auto& classes = a.associations[1].layers[0];
  EXPECT_NEAR(classes.hard_summary.nmi, 1.0, 1e-12);
  EXPECT_NEAR(classes.hard_summary.purity, 1.0, 1e-12);
  ASSERT_TRUE(classes.permutation_test);
  EXPECT_DOUBLE_EQ(classes.permutation_test->p_value, 1.0 / 200.0);
  EXPECT_NEAR(a.associations[1].layers[1].hard_summary.nmi, 0.0, 1e-12);
  EXPECT_NEAR(a.associations[2].layers[0].hard_summary.nmi, 0.0, 1e-12);
  EXPECT_NEAR(a.associations[2].layers[1].hard_summary.nmi, 1.0, 1e-12);
  EXPECT_EQ(a.text.utterances, 8);
  EXPECT_EQ(a.text.errors.errors(), 2);
  EXPECT_EQ(a.text.errors.reference_length(), 24);
}

TEST(RecordingPairSource, PairsByIdAndCountsWhatIsInOnlyOneRecording) {
  const auto dir = test::scratch_dir("pair-source");
  const auto pair = test::permuted_checkpoint_pair();
  const std::string pa = (dir / "a.h5").string(), pb = (dir / "b.h5").string();
  test::write_recording(pa, pair.a, pair.utterances_a);
  test::write_recording(pb, pair.b, pair.utterances_b);
  RecordingReader a(pa), b(pb);
  RecordingPairSource source(a, b);
  EXPECT_EQ(source.pairs(), 6u);
  EXPECT_EQ(source.only_in_a(), 1u);
  EXPECT_EQ(source.only_in_b(), 1u);
  EXPECT_EQ(source.example_only_in_a(), std::vector<std::string>{"only_a"});
  EXPECT_EQ(source.example_only_in_b(), std::vector<std::string>{"only_b"});
  UtteranceRecord ua, ub;
  std::vector<std::string> ids;
  while (source.next(ua, ub)) {
    EXPECT_EQ(ua.id, ub.id);
    ids.push_back(ua.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4", "p5"}));  // A's order
  ASSERT_TRUE(source.rewind());
  ASSERT_TRUE(source.next(ua, ub));
  EXPECT_EQ(ua.id, "p0");
}

TEST(RecordingPairSource, RefusesToPairDifferentAudioUnderOneId) {
  const auto dir = test::scratch_dir("pair-source-audio");
  auto utterances = test::vowel_expert_corpus();
  utterances.resize(2);
  auto other = utterances;
  utterances[1].source_sha256 = std::string(64, 'a');
  other[1].source_sha256 = std::string(64, 'b');
  const auto constants = test::hand_made_constants(2, 3, 4);
  test::write_recording((dir / "a.h5").string(), constants, utterances);
  test::write_recording((dir / "b.h5").string(), constants, other);
  RecordingReader a((dir / "a.h5").string()), b((dir / "b.h5").string());
  RecordingPairSource source(a, b);
  UtteranceRecord ua, ub;
  EXPECT_TRUE(source.next(ua, ub));
  try {
    source.next(ua, ub);
    FAIL() << "different audio was paired";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("utterance 'utt1': the audio differs"), std::string::npos)
        << e.what();
  }
}

TEST(RecordingPairSource, ComparisonRecoversThePermutationOfExperts) {
  const auto dir = test::scratch_dir("pair-source-compare");
  const auto pair = test::permuted_checkpoint_pair();
  const std::string pa = (dir / "a.h5").string(), pb = (dir / "b.h5").string();
  test::write_recording(pa, pair.a, pair.utterances_a);
  test::write_recording(pb, pair.b, pair.utterances_b);
  RecordingReader a(pa), b(pb);
  RecordingPairSource source(a, b);
  const CheckpointComparison c = compare_checkpoints(source, &a.model_constants(), &b.model_constants());
  EXPECT_EQ(c.utterances, 6);
  EXPECT_TRUE(c.second_pass);
  for (size_t l = 0; l < c.layers.size(); ++l) {
    const auto& layer = c.layers[l];
    EXPECT_GT(layer.js_bits, 0.05) << "layer " << l;
    EXPECT_EQ(layer.steering->matching, pair.sigma[l]);
    EXPECT_EQ(layer.cooccurrence_matching, pair.sigma[l]);
    EXPECT_LE(*layer.js_bits_steering_matched, 1e-9);
    EXPECT_LE(*layer.js_bits_cooccurrence_matched, 1e-9);
  }
  EXPECT_EQ(c.transcripts.b_against_a.errors(), 1);
  EXPECT_EQ(c.transcripts.b_against_a.reference_length(), 24);
}

UtteranceRecord two_layer_utterance(const std::string& id, const std::vector<std::vector<float>>& layer0,
                                    const std::vector<std::vector<float>>& layer1) {
  UtteranceRecord u;
  u.id = id;
  u.layers.push_back(test::trace_from_rows(0, layer0, int64_t(layer0.size())));
  u.layers.push_back(test::trace_from_rows(1, layer1, int64_t(layer1.size())));
  return u;
}

TEST(InterventionEffect, MeasuresAKnownRoutingShiftAndTranscriptChange) {
  // Layer 0 unchanged; layer 1: expert 1 "ablated" on two frames: [0.5, 0.5] -> [1, 0].
  UtteranceRecord original =
      two_layer_utterance("u", {{0.5f, 0.5f}, {0.25f, 0.75f}}, {{0.5f, 0.5f}, {0.5f, 0.5f}});
  UtteranceRecord intervened =
      two_layer_utterance("u", {{0.5f, 0.5f}, {0.25f, 0.75f}}, {{1.0f, 0.0f}, {1.0f, 0.0f}});
  original.reference_text = "a b c d";
  original.output = GeneratedText{};
  original.output->text = "a b c d";
  original.output->token_ids = {5, 6, 7, 2};
  intervened.output = GeneratedText{};
  intervened.output->text = "a x c";
  intervened.output->token_ids = {5, 9, 7, 2};
  InterventionEffectAccumulator acc;
  acc.add(original, intervened);
  const InterventionEffect e = acc.result();
  ASSERT_EQ(e.layers.size(), 2u);
  EXPECT_EQ(e.layers[0].js_bits, 0.0);
  EXPECT_EQ(e.layers[0].load_total_variation, 0.0);
  // JS([.5,.5], [1,0]) = H([.75,.25]) - (1 + 0)/2 bits.
  const double js = -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25)) - 0.5;
  EXPECT_NEAR(e.layers[1].js_bits, js, 1e-6);
  EXPECT_NEAR(e.layers[1].load_total_variation, 0.5, 1e-12);
  EXPECT_EQ(e.layers[1].mean_probability_intervened, (std::vector<double>{1.0, 0.0}));
  EXPECT_NEAR(e.layers[1].dominant_agreement, 1.0, 1e-12);  // ties go to expert 0 in both runs
  const auto& t = e.transcripts;
  EXPECT_EQ(t.utterances, 1);
  EXPECT_EQ(t.identical_text, 0);
  EXPECT_EQ(t.text_against_original.substitutions, 1);  // b -> x
  EXPECT_EQ(t.text_against_original.deletions, 1);      // d
  EXPECT_EQ(t.tokens_against_original.substitutions, 1);
  EXPECT_EQ(t.tokens_against_original.errors(), 1);
  EXPECT_EQ(t.with_reference, 1);
  EXPECT_EQ(t.original_against_reference.errors(), 0);
  EXPECT_EQ(t.intervened_against_reference.errors(), 2);

  UtteranceRecord wrong = intervened;
  wrong.id = "v";
  EXPECT_THROW(acc.add(original, wrong), Error);
}

TEST(ResultTable, CsvIsQuotedRoundTripsNumbersAndLeavesMissingValuesEmpty) {
  ResultTable t("demo", "Demo",
                {{"name", "", "A label", "name"}, {"value_bits", "bits", "A number", "value"}});
  t.add_row({std::string("plain"), 0.1});
  t.add_row({std::string("with, comma \"quoted\""), std::numeric_limits<double>::infinity()});
  t.add_row({std::string("missing"), std::monostate{}});
  t.add_row({std::string("nan"), std::nan("")});
  t.add_row({std::string("int"), int64_t(42)});
  std::ostringstream csv;
  t.write_csv(csv);
  EXPECT_EQ(csv.str(),
            "name,value_bits\nplain,0.1\n\"with, comma \"\"quoted\"\"\",inf\nmissing,\nnan,\nint,42\n");
  EXPECT_EQ(std::stod(csv_number(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_THROW(t.add_row({int64_t(1)}), Error);
  EXPECT_THROW(t.at(0, "no_such_column"), Error);

  std::ostringstream text;
  t.write_text(text);
  EXPECT_EQ(text.str(),
            "Demo\n"
            "  name                  value\n"
            "  plain                   0.1\n"
            "  with, comma \"quoted\"    inf\n"
            "  missing                   -\n"
            "  nan                       -\n"
            "  int                      42\n");
}

TEST(ResultTable, DirectoryHoldsOneFilePerTableAndDescribesEveryColumn) {
  const auto dir = test::scratch_dir("result-tables") / "out";
  ResultTable a("first", "First", {{"x", "s", "Seconds of x", "x"}});
  a.add_row({1.5});
  ResultTable b("second", "Second", {{"y", "", "Label y", "y"}}, TableUse::kTextOnly);
  ResultTable c("third", "Third", {{"z", "count", "How many, with a comma", ""}}, TableUse::kFileOnly);
  const auto files = write_table_files(dir.string(), {a, b, c});
  EXPECT_EQ(files.size(), 3u);
  EXPECT_EQ(test::read_text_file((dir / "first.csv").string()), "x\n1.5\n");
  EXPECT_FALSE(fs::exists(dir / "second.csv"));
  EXPECT_EQ(
      test::read_text_file((dir / "columns.csv").string()),
      "table,column,unit,description\nfirst,x,s,Seconds of x\nthird,z,count,\"How many, with a comma\"\n");
  EXPECT_THROW(write_table_files(dir.string(), {a, a}), Error);
}

TEST(AnalysisTables, RoutingAndSpecialisationTablesCarryTheResultNumbers) {
  const auto dir = test::scratch_dir("analysis-tables");
  RecordingReader reader(vowel_recording(dir));
  RecordingUtteranceSource source(reader);
  CorpusAnalysisOptions o;
  o.labellings.push_back({FrameLabelKind::kPhoneClass, "phones"});
  o.association.permutations = 19;
  const CorpusAnalysis a = analyze_corpus(source, o);
  const auto tables = corpus_analysis_tables(a, ErrorUnit::kWord);
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.name());
  EXPECT_EQ(names, (std::vector<std::string>{"routing_layers", "expert_load", "layer_transitions",
                                             "specialisation_phone_classes", "top_labels_phone_classes",
                                             "top_labels_phone_classes_text", "text_metrics"}));
  const ResultTable& load = tables[1];
  ASSERT_EQ(load.rows().size(), 6u);  // 2 layers x 3 experts
  EXPECT_NEAR(std::get<double>(load.at(0, "mean_probability")), 0.45, 1e-6);
  EXPECT_NEAR(std::get<double>(load.at(4, "dominant_share")), 0.5, 1e-12);  // layer 1, expert 1
  const ResultTable& top = tables[4];
  // Layer 0, expert 1: fricatives only, lift 1 / 0.25.
  bool found = false;
  for (size_t r = 0; r < top.rows().size(); ++r)
    if (std::get<int64_t>(top.at(r, "layer")) == 0 && std::get<int64_t>(top.at(r, "expert")) == 1) {
      EXPECT_EQ(std::get<std::string>(top.at(r, "label")), "fricative");
      EXPECT_NEAR(std::get<double>(top.at(r, "lift")), 4.0, 1e-12);
      found = true;
    }
  EXPECT_TRUE(found);
  EXPECT_NEAR(std::get<double>(tables[6].at(0, "error_rate")), 2.0 / 24.0, 1e-12);
}

}  // namespace
}  // namespace steerscope::analysis
