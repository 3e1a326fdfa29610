// RecordingWriter, RecordingReader and merge_recordings: everything written reads back equal, the
// corpus-wide layer stream sees the same data as per-utterance reads, appending resumes a run, and invalid
// utterances or shards are refused with messages that name the file and the culprit.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/io/recording_merge.h"
#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/util/error.h"
#include "tests/core/io/recording_test_data.h"
#include "tests/test_support.h"

using namespace steerscope;
using test::RecordingShape;

namespace {

RecordingOptions options_for(const RecordingShape& s) {
  RecordingOptions o;
  o.n_mels = s.n_mels;
  // Small chunks so that utterances span several chunks and alignment padding is exercised.
  o.mel_chunk_frames = 64;
  o.router_chunk_frames = 48;
  return o;
}

std::string write_recording(const std::filesystem::path& path, const RecordingShape& s, uint32_t seed,
                            size_t n, size_t first = 0) {
  auto w =
      RecordingWriter::create(path.string(), test::make_run_info(), test::make_constants(s), options_for(s));
  for (size_t i = first; i < first + n; ++i) w.write(test::make_utterance(s, seed, i));
  w.close();
  return path.string();
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST(Recording, RoundTripsEveryField) {
  auto dir = test::scratch_dir("rec-roundtrip");
  RecordingShape s;
  const uint32_t seed = 11;
  const size_t n = 9;
  auto path = write_recording(dir / "r.h5", s, seed, n);

  RecordingReader r(path);
  EXPECT_EQ(r.schema_version(), 1);
  EXPECT_EQ(r.run_info(), test::make_run_info());
  EXPECT_EQ(r.model_constants(), test::make_constants(s));
  EXPECT_EQ(r.options(), options_for(s));
  ASSERT_EQ(r.size(), n);
  bool saw_no_output = false, saw_output = false, saw_no_mel = false, saw_no_tiers = false;
  for (size_t i = 0; i < n; ++i) {
    const UtteranceRecord expected = test::make_utterance(s, seed, i);
    EXPECT_EQ(r.ids()[i], expected.id);
    const UtteranceRecord got = r.read(i);
    EXPECT_TRUE(got == expected) << "utterance " << i;
    EXPECT_EQ(got.layers, expected.layers);
    EXPECT_EQ(got.output, expected.output);
    EXPECT_EQ(got.tiers, expected.tiers);
    EXPECT_EQ(got.log_mel, expected.log_mel);
    EXPECT_TRUE(r.read(expected.id) == expected);
    const UtteranceInfo& info = r.info(i);
    EXPECT_EQ(info.index, i);
    EXPECT_EQ(info.speaker, expected.speaker);
    EXPECT_EQ(info.duration_s, expected.duration_s);
    EXPECT_EQ(info.has_output, expected.output.has_value());
    EXPECT_EQ(info.log_mel_frames, expected.log_mel.rows ? expected.log_mel.cols : -1);
    for (int l = 0; l < s.layers; ++l) {
      EXPECT_EQ(r.layer_extents(l)[i].frames, expected.layers[size_t(l)].probs.rows);
      EXPECT_EQ(r.read_layer(i, l), expected.layers[size_t(l)]);
    }
    EXPECT_EQ(r.read_tiers(i), expected.tiers);
    saw_no_output |= !expected.output;
    saw_output |= expected.output.has_value();
    saw_no_mel |= expected.log_mel.rows == 0;
    saw_no_tiers |= expected.tiers.empty();
  }
  // The generator must have produced both variants of each optional part for this test to mean anything.
  EXPECT_TRUE(saw_no_output && saw_output && saw_no_mel && saw_no_tiers);
  EXPECT_FALSE(r.find("nope").has_value());
  EXPECT_TRUE(contains(error_of([&] { r.read(n); }), "out of range"));
  EXPECT_TRUE(contains(error_of([&] { r.read("nope"); }), "no utterance with id 'nope'"));
  EXPECT_TRUE(contains(error_of([&] { r.read_layer(0, s.layers); }), "layer 3 is out of range"));
}

TEST(Recording, RoundTripsWithoutRoutersLogMelOrUtterances) {
  auto dir = test::scratch_dir("rec-minimal");
  RecordingShape s;
  s.layers = 0;
  s.experts = 0;
  s.dim = 0;
  s.n_mels = 0;
  {
    auto w =
        RecordingWriter::create((dir / "empty.h5").string(), RunInfo{}, ModelConstants{}, RecordingOptions{});
    w.close();
  }
  RecordingReader empty((dir / "empty.h5").string());
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.run_info(), RunInfo{});
  EXPECT_EQ(empty.model_constants(), ModelConstants{});

  auto path = write_recording(dir / "r.h5", s, 3, 4);
  RecordingReader r(path);
  ASSERT_EQ(r.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_TRUE(r.read(i) == test::make_utterance(s, 3, i));
}

TEST(Recording, StreamsOneLayerAcrossAllUtterances) {
  auto dir = test::scratch_dir("rec-stream");
  RecordingShape s;
  const size_t n = 12;
  auto path = write_recording(dir / "r.h5", s, 5, n);
  RecordingReader r(path);
  for (int layer : {0, s.layers - 1}) {
    std::vector<size_t> seen;
    r.for_each_in_layer(layer, [&](size_t u, const RouterTrace& t) {
      seen.push_back(u);
      EXPECT_EQ(t, test::make_utterance(s, 5, u).layers[size_t(layer)]) << "layer " << layer << " utt " << u;
    });
    std::vector<size_t> all(n);
    for (size_t i = 0; i < n; ++i) all[i] = i;
    EXPECT_EQ(seen, all);
  }
  // A callback may stop the stream by throwing.
  size_t calls = 0;
  EXPECT_THROW(r.for_each_in_layer(0,
                                   [&](size_t, const RouterTrace&) {
                                     if (++calls == 3) throw Cancelled();
                                   }),
               Cancelled);
  EXPECT_EQ(calls, 3u);
}

TEST(Recording, AppendResumesAndReportsCompletedIds) {
  auto dir = test::scratch_dir("rec-append");
  RecordingShape s;
  const auto path = (dir / "r.h5").string();
  write_recording(path, s, 8, 3);
  {
    auto w = RecordingWriter::append(path);
    ASSERT_EQ(w.size(), 3u);
    EXPECT_EQ(w.completed_ids(), (std::vector<std::string>{test::utterance_id(0), test::utterance_id(1),
                                                           test::utterance_id(2)}));
    EXPECT_TRUE(w.contains(test::utterance_id(2)));
    EXPECT_FALSE(w.contains(test::utterance_id(3)));
    EXPECT_EQ(w.run_info(), test::make_run_info());
    EXPECT_EQ(w.model_constants(), test::make_constants(s));
    EXPECT_EQ(w.options(), options_for(s));
    for (size_t i = 3; i < 6; ++i) w.write(test::make_utterance(s, 8, i));
    // No close(): the destructor closes the file.
  }
  RecordingReader r(path);
  ASSERT_EQ(r.size(), 6u);
  for (size_t i = 0; i < 6; ++i) EXPECT_TRUE(r.read(i) == test::make_utterance(s, 8, i)) << i;
}

TEST(Recording, AppendsToARecordingWhoseWriterWasKilled) {
  // The writer dies right after its third utterance, leaving HDF5's "open for writing" mark behind, which
  // makes plain HDF5 opens fail. (A writer killed in the middle of an utterance can also leave a stale
  // end-of-file address; only the random kills of test_recording_crash reach that reliably.)
  auto dir = test::scratch_dir("rec-killed");
  RecordingShape s;
  const auto path = (dir / "r.h5").string();
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto w = RecordingWriter::create(path, test::make_run_info(), test::make_constants(s), options_for(s));
    for (size_t i = 0; i < 3; ++i) w.write(test::make_utterance(s, 12, i));
    ::raise(SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_EQ(RecordingReader(path).size(), 3u);
  {
    auto w = RecordingWriter::append(path);
    EXPECT_EQ(w.size(), 3u);
    for (size_t i = 3; i < 8; ++i) w.write(test::make_utterance(s, 12, i));
    w.close();
  }
  RecordingReader r(path);
  ASSERT_EQ(r.size(), 8u);
  for (size_t i = 0; i < 8; ++i) EXPECT_TRUE(r.read(i) == test::make_utterance(s, 12, i)) << i;
}

TEST(Recording, RefusesInvalidUtterancesWithoutWritingAnything) {
  auto dir = test::scratch_dir("rec-invalid");
  RecordingShape s;
  const auto path = (dir / "r.h5").string();
  auto w = RecordingWriter::create(path, test::make_run_info(), test::make_constants(s), options_for(s));
  const UtteranceRecord good = test::make_utterance(s, 1, 0);
  w.write(good);

  EXPECT_TRUE(contains(error_of([&] { w.write(good); }), "is already in the recording"));
  UtteranceRecord u = test::make_utterance(s, 1, 1);
  u.id.clear();
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "empty id"));
  u = test::make_utterance(s, 1, 1);
  u.layers.pop_back();
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "has 2 router layers, the model has 3"));
  u = test::make_utterance(s, 1, 1);
  u.layers[1].probs = FloatMatrix(5, s.experts + 1);
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "layer 1: probs has shape [5,5]"));
  u = test::make_utterance(s, 1, 1);
  u.layers[0].delta_norm.assign(3, 1.0f);
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "delta_norm has 3 values"));
  u = test::make_utterance(s, 1, 1);
  u.log_mel = FloatMatrix(s.n_mels + 1, 10);
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "log_mel has shape [9,10], expected [8,frames]"));
  u = test::make_utterance(s, 1, 1);
  u.output = GeneratedText{};
  u.output->token_ids = {1, 2};
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "2 token ids but 0 log-probabilities"));
  u = test::make_utterance(s, 1, 1);
  u.tiers = {{"words", AlignmentTier::Kind::kInterval, {{0.0, std::nan(""), "x"}}}};
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "tier 'words' item 1: times must be finite"));
  u = test::make_utterance(s, 1, 1);
  u.speaker = "\xff\xfe";
  EXPECT_TRUE(contains(error_of([&] { w.write(u); }), "speaker is not valid UTF-8"));

  // The writer is still usable and the file holds exactly the valid utterances.
  const UtteranceRecord next = test::make_utterance(s, 1, 1);
  w.write(next);
  w.close();
  EXPECT_TRUE(contains(error_of([&] { w.write(test::make_utterance(s, 1, 2)); }), "closed"));
  RecordingReader r(path);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r.read(0) == good);
  EXPECT_TRUE(r.read(1) == next);
}

TEST(Recording, ChecksModelConstantsAndOptionsOnCreate) {
  auto dir = test::scratch_dir("rec-create");
  RecordingShape s;
  ModelConstants c = test::make_constants(s);
  c.layer_scales.pop_back();
  EXPECT_TRUE(contains(
      error_of([&] { RecordingWriter::create((dir / "a.h5").string(), RunInfo{}, c, options_for(s)); }),
      "layer_scales has 2 values, expected [L] = [3]"));
  EXPECT_FALSE(std::filesystem::exists(dir / "a.h5"));
  RecordingOptions o = options_for(s);
  o.deflate_level = 12;
  EXPECT_TRUE(contains(error_of([&] {
                         RecordingWriter::create((dir / "b.h5").string(), RunInfo{}, test::make_constants(s),
                                                 o);
                       }),
                       "deflate_level 12 is outside 0..9"));
  // No temporary files are left behind.
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(Recording, CreateRemovesTemporaryFilesOfCreatorsThatDied) {
  auto dir = test::scratch_dir("rec-partial");
  RecordingShape s;
  // A pid that is not running (the highest possible pid is below 2^22 on Linux).
  const std::string dead = (dir / "r.h5.partial-4194304").string();
  const std::string other = (dir / "other.h5.partial-4194304").string();
  std::ofstream(dead) << "left by a killed writer";
  std::ofstream(other) << "belongs to another recording";
  write_recording(dir / "r.h5", s, 1, 1);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST(Recording, RefusesToOverwriteUnlessAskedAndRefusesASecondWriter) {
  auto dir = test::scratch_dir("rec-overwrite");
  RecordingShape s;
  const auto path = (dir / "r.h5").string();
  write_recording(path, s, 2, 2);
  EXPECT_TRUE(contains(
      error_of([&] { RecordingWriter::create(path, RunInfo{}, test::make_constants(s), options_for(s)); }),
      "file exists"));
  RecordingOptions o = options_for(s);
  o.overwrite = true;
  {
    auto w = RecordingWriter::create(path, RunInfo{}, test::make_constants(s), o);
    EXPECT_EQ(w.size(), 0u);
    // While one writer has the file, a second one (here in the same process) is refused.
    EXPECT_TRUE(contains(error_of([&] { RecordingWriter::append(path); }), "another process is writing"));
    EXPECT_TRUE(
        contains(error_of([&] { RecordingWriter::create(path, RunInfo{}, test::make_constants(s), o); }),
                 "another process is writing"));
  }
  EXPECT_EQ(RecordingReader(path).size(), 0u);
  EXPECT_TRUE(contains(error_of([&] { RecordingWriter::append((dir / "missing.h5").string()); }),
                       "no such recording"));
}

TEST(Recording, MergesShardsInOrder) {
  auto dir = test::scratch_dir("rec-merge");
  RecordingShape s;
  auto a = write_recording(dir / "a.h5", s, 4, 3, 0);
  auto b = write_recording(dir / "b.h5", s, 4, 2, 3);
  auto c = write_recording(dir / "c.h5", s, 4, 0, 5);  // an empty shard
  std::vector<std::pair<size_t, size_t>> progress;
  MergeOptions mo;
  mo.progress = [&](size_t done, size_t total) { progress.emplace_back(done, total); };
  merge_recordings({a, b, c}, (dir / "m.h5").string(), mo);
  EXPECT_EQ(progress.size(), 5u);
  EXPECT_EQ(progress.back(), std::make_pair(size_t(5), size_t(5)));

  RecordingReader m((dir / "m.h5").string());
  ASSERT_EQ(m.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_TRUE(m.read(i) == test::make_utterance(s, 4, i)) << i;
  EXPECT_EQ(m.model_constants(), test::make_constants(s));
  RunInfo expected_run = test::make_run_info();
  ASSERT_TRUE(m.run_info().extra.count("merged_from"));
  EXPECT_TRUE(contains(m.run_info().extra.at("merged_from"), b));
  RunInfo got_run = m.run_info();
  got_run.extra.erase("merged_from");
  EXPECT_EQ(got_run, expected_run);

  // Refusals name both files, and leave no output behind.
  EXPECT_TRUE(contains(error_of([&] { merge_recordings({a, b}, (dir / "m.h5").string()); }), "file exists"));
  auto a2 = write_recording(dir / "a2.h5", s, 9, 2, 1);  // utterance 1 and 2 again
  std::string dup = error_of([&] { merge_recordings({a, a2}, (dir / "d.h5").string()); });
  EXPECT_TRUE(contains(dup, "utterance '" + test::utterance_id(1) + "' is in both " + a + " and " + a2))
      << dup;
  EXPECT_FALSE(std::filesystem::exists(dir / "d.h5"));

  RecordingShape other = s;
  other.dim = s.dim + 1;
  auto o = dir / "other.h5";
  {
    auto w = RecordingWriter::create(o.string(), test::make_run_info(), test::make_constants(other),
                                     options_for(other));
    w.write(test::make_utterance(other, 4, 50));
  }
  std::string diff = error_of([&] { merge_recordings({a, o.string()}, (dir / "e.h5").string()); });
  EXPECT_TRUE(contains(diff, o.string() + ": model constants differ from " + a)) << diff;
  EXPECT_FALSE(std::filesystem::exists(dir / "e.h5"));
  EXPECT_TRUE(contains(error_of([&] { merge_recordings({a, b}, a); }), "the output is also an input"));
}

TEST(Recording, MergeRefusesShardsOfDifferentCheckpoints) {
  auto dir = test::scratch_dir("rec-merge-ckpt");
  RecordingShape s;
  auto a = write_recording(dir / "a.h5", s, 4, 1, 0);
  RunInfo run = test::make_run_info();
  run.checkpoints[2].sha256 = std::string(64, 'd');
  {
    auto w = RecordingWriter::create((dir / "b.h5").string(), run, test::make_constants(s), options_for(s));
    w.write(test::make_utterance(s, 4, 1));
  }
  std::string e = error_of([&] { merge_recordings({a, (dir / "b.h5").string()}, (dir / "m.h5").string()); });
  EXPECT_TRUE(contains(e, "decoder checkpoint sha256")) << e;
  EXPECT_TRUE(contains(e, a)) << e;
}

TEST(Recording, ReaderInTheSameProcessSeesCompletedUtterancesWhileWriting) {
  // The GUI records and views at once: a reader opened while the writer is open sees what was complete.
  auto dir = test::scratch_dir("rec-live");
  RecordingShape s;
  const auto path = (dir / "r.h5").string();
  auto w = RecordingWriter::create(path, test::make_run_info(), test::make_constants(s), options_for(s));
  for (size_t i = 0; i < 3; ++i) w.write(test::make_utterance(s, 6, i));
  {
    RecordingReader r(path);
    ASSERT_EQ(r.size(), 3u);
    for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(r.read(i) == test::make_utterance(s, 6, i)) << i;
  }
  w.write(test::make_utterance(s, 6, 3));
  RecordingReader later(path);
  EXPECT_EQ(later.size(), 4u);
  w.close();
}
