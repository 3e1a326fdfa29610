// Listing a corpus for recording (corpus_entry.h): manifests with paths relative to the manifest,
// directories, sidecar alignment files, shard assignment (corpus_shard.h), and the record fields that come
// from an utterance's files (record_from_entry).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/io/corpus_entry.h"
#include "core/io/corpus_shard.h"
#include "core/io/ctm_file.h"
#include "core/io/rttm_file.h"
#include "core/io/textgrid.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

std::string alignment(const std::string& name) {
  return test::data_path("alignments/" + name);
}
std::string clip(const std::string& name) {
  return test::data_path("fixtures/audio/" + name);
}

fs::path write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

fs::path copy_into(const std::string& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  return to;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(CorpusEntries, ManifestPathsAreRelativeToTheManifestAndColumnsAreRead) {
  const auto dir = test::scratch_dir("sources-manifest");
  copy_into(clip("clip0_16k.wav"), dir / "corpus/wav/a.wav");
  copy_into(clip("clip1_16k.wav"), dir / "corpus/wav/b.wav");
  copy_into(alignment("mfa_words_phones.TextGrid"), dir / "corpus/align/a.TextGrid");
  // A sidecar next to b's audio, and one next to a's that the manifest also names (imported once).
  copy_into(alignment("htk_phones.lab"), dir / "corpus/wav/b.lab");
  copy_into(alignment("mfa_words_phones.TextGrid"), dir / "corpus/wav/a.TextGrid");
  const fs::path manifest = write_file(dir / "corpus/manifest.tsv",
                                       "id\tsplit\tpath\talign\tspeaker\ttext\n"
                                       "u1\ttrain\twav/a.wav\talign/a.TextGrid\tspk1\thello world\n"
                                       "u2\ttest\twav/b.wav\t\t\t\n");
  ManifestColumns columns;
  columns.text = "text";
  columns.speaker = "speaker";
  columns.alignments = {"align"};
  // A relative manifest path, as a user types it: paths resolve against its directory, not the cwd.
  const auto cwd = fs::current_path();
  fs::current_path(dir);
  const auto sources = corpus_entries_from_manifest(ManifestTable::read("corpus/manifest.tsv"), columns);
  fs::current_path(cwd);
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].id, "u1");
  EXPECT_EQ(sources[0].audio_path, (dir / "corpus/wav/a.wav").string());
  EXPECT_EQ(sources[0].speaker, "spk1");
  EXPECT_EQ(sources[0].reference_text, "hello world");
  ASSERT_EQ(sources[0].alignment_paths.size(), 2u);
  EXPECT_EQ(sources[0].alignment_paths[0], (dir / "corpus/align/a.TextGrid").string());
  EXPECT_EQ(sources[0].alignment_paths[1], (dir / "corpus/wav/a.TextGrid").string());
  EXPECT_EQ(sources[0].origin, "corpus/manifest.tsv: line 2");
  EXPECT_EQ(sources[1].speaker, "");
  EXPECT_EQ(sources[1].alignment_paths, std::vector<std::string>{(dir / "corpus/wav/b.lab").string()});

  // The same file named by the column and found as a sidecar is listed once.
  copy_into(alignment("htk_phones.lab"), dir / "corpus/wav/a.lab");
  write_file(dir / "corpus/m2.tsv", "id\tpath\talign\nu1\twav/a.wav\twav/a.lab\n");
  ManifestColumns align_only;
  align_only.alignments = {"align"};
  const auto once =
      corpus_entries_from_manifest(ManifestTable::read((dir / "corpus/m2.tsv").string()), align_only);
  EXPECT_EQ(once[0].alignment_paths, (std::vector<std::string>{(dir / "corpus/wav/a.lab").string(),
                                                               (dir / "corpus/wav/a.TextGrid").string()}));
  // Without sidecars only the column counts.
  const auto no_sidecars =
      corpus_entries_from_manifest(ManifestTable::read(manifest.string()), columns, false);
  EXPECT_EQ(no_sidecars[0].alignment_paths.size(), 1u);
  EXPECT_TRUE(no_sidecars[1].alignment_paths.empty());
}

TEST(CorpusEntries, JsonLinesManifestWithTheUsualColumnNames) {
  const auto dir = test::scratch_dir("sources-jsonl");
  const fs::path m = write_file(dir / "m.jsonl",
                                "{\"audio_filepath\": \"/data/x.flac\", \"duration\": 1.5}\n"
                                "{\"audio_filepath\": \"sub/y.wav\", \"duration\": 2}\n");
  const auto sources = corpus_entries_from_manifest(ManifestTable::read(m.string()), {});
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].id, "/data/x.flac") << "without an id column the path as written is the id";
  EXPECT_EQ(sources[0].audio_path, "/data/x.flac");
  EXPECT_EQ(sources[1].id, "sub/y.wav");
  EXPECT_EQ(sources[1].audio_path, (dir / "sub/y.wav").string());
}

TEST(CorpusEntries, ManifestErrorsNameTheFileAndLine) {
  const auto dir = test::scratch_dir("sources-bad");
  auto p = write_file(dir / "dup.tsv", "id\tpath\na\tx.wav\nb\ty.wav\na\tz.wav\n").string();
  EXPECT_EQ(error_of([&] { corpus_entries_from_manifest(ManifestTable::read(p), {}); }),
            p + ": line 4: id 'a' appears twice (first on line 2)");
  p = write_file(dir / "nopath.tsv", "id\tfile\na\t\n").string();
  EXPECT_EQ(error_of([&] { corpus_entries_from_manifest(ManifestTable::read(p), {}); }),
            p + ": line 2: empty \"file\" (the audio file)");
  p = write_file(dir / "noid.csv", "id,path\n,x.wav\n").string();
  EXPECT_EQ(error_of([&] { corpus_entries_from_manifest(ManifestTable::read(p), {}); }),
            p + ": line 2: empty \"id\"");
  p = write_file(dir / "cols.csv", "utt,wave\na,x.wav\n").string();
  EXPECT_NE(error_of([&] {
              corpus_entries_from_manifest(ManifestTable::read(p), {});
            }).find("no column \"path\" (columns: utt, wave)"),
            std::string::npos);
  ManifestColumns c;
  c.path = "wave";
  c.speaker = "spk";
  EXPECT_NE(
      error_of([&] { corpus_entries_from_manifest(ManifestTable::read(p), c); }).find("no column \"spk\""),
      std::string::npos);
  c.speaker.clear();
  c.id = "utt";
  EXPECT_EQ(corpus_entries_from_manifest(ManifestTable::read(p), c).at(0).id, "a");
}

TEST(CorpusEntries, DirectoryListsAudioFilesSortedWithRelativeIds) {
  const auto dir = test::scratch_dir("sources-dir");
  copy_into(clip("clip0_16k.wav"), dir / "b.wav");
  copy_into(clip("clip0_16k.wav"), dir / "a.FLAC");  // by extension, any case (content does not matter here)
  copy_into(clip("clip1_16k.wav"), dir / "1089/134686/1089-134686-0000.wav");
  copy_into(clip("clip2_16k.wav"), dir / ".hidden/c.wav");
  copy_into(clip("clip2_16k.wav"), dir / ".d.wav");
  write_file(dir / "notes.txt", "not audio");
  copy_into(alignment("pyannote.rttm"), dir / "b.rttm");

  const auto flat = corpus_entries_from_directory(dir.string(), false);
  ASSERT_EQ(flat.size(), 2u);
  EXPECT_EQ(flat[0].id, "a.FLAC");
  EXPECT_EQ(flat[1].id, "b.wav");
  EXPECT_EQ(flat[1].audio_path, (dir / "b.wav").string());
  EXPECT_EQ(flat[1].alignment_paths, std::vector<std::string>{(dir / "b.rttm").string()});

  const auto deep = corpus_entries_from_directory(dir.string(), true);
  ASSERT_EQ(deep.size(), 3u);
  EXPECT_EQ(deep[0].id, "1089/134686/1089-134686-0000.wav");
  EXPECT_EQ(deep[1].id, "a.FLAC");
  EXPECT_NE(error_of([&] {
              corpus_entries_from_directory((dir / "b.wav").string(), false);
            }).find("not a directory"),
            std::string::npos);
}

TEST(CorpusShard, ParsesKOverNAndAssignsEveryIdToExactlyOneShard) {
  EXPECT_EQ(CorpusShard::parse("2/8").index, 2);
  EXPECT_EQ(CorpusShard::parse("2/8").count, 8);
  for (const char* bad : {"0/2", "3/2", "1", "1/", "/2", "a/2", "1/2x", "-1/2", "1/0", ""})
    EXPECT_THROW(CorpusShard::parse(bad), Error) << bad;
  // FNV-1a 64 reference values, as the Python snippet in corpus_shard.h computes them.
  EXPECT_EQ(CorpusShard::id_hash(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(CorpusShard::id_hash("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(CorpusShard::id_hash("foobar"), 0x85944171f73967e8ull);

  std::vector<CorpusEntry> sources;
  for (int i = 0; i < 1000; ++i)
    sources.push_back(CorpusEntry{"utt-" + std::to_string(i), "", "", "", {}, ""});
  std::multiset<std::string> seen;
  for (int k = 1; k <= 3; ++k) {
    const auto shard = entries_in_shard(sources, CorpusShard{k, 3});
    EXPECT_GT(shard.size(), 250u) << "shard " << k;  // binomial(1000, 1/3): 333 +- 15
    for (const auto& s : shard) seen.insert(s.id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  for (const auto& s : sources) EXPECT_EQ(seen.count(s.id), 1u) << s.id;
  // Independent of the other utterances and their order.
  std::vector<CorpusEntry> reversed(sources.rbegin(), sources.rend());
  reversed.resize(10);
  for (const auto& s : entries_in_shard(reversed, CorpusShard{2, 3}))
    EXPECT_TRUE(CorpusShard({2, 3}).contains(s.id));
  EXPECT_EQ(entries_in_shard(sources, CorpusShard{}).size(), 1000u);
}

TEST(RecordFromEntry, HashesTheAudioAndImportsEveryAlignmentFormat) {
  const auto dir = test::scratch_dir("record-from-source");
  CorpusEntry s;
  s.id = "utt_a";
  s.audio_path = copy_into(clip("clip0_16k.wav"), dir / "1089/134686/1089-134686-0000.wav").string();
  s.reference_text = "he hoped";
  s.origin = "test";
  s.alignment_paths = {alignment("mfa_words_phones.TextGrid"), alignment("sclite_minimal.ctm"),
                       alignment("htk_phones.lab")};
  UtteranceRecord u = record_from_entry(s);
  EXPECT_EQ(u.id, "utt_a");
  EXPECT_EQ(u.source_path, s.audio_path);
  EXPECT_EQ(u.source_sha256, sha256_file(clip("clip0_16k.wav")));
  EXPECT_EQ(u.reference_text, "he hoped");
  EXPECT_EQ(u.speaker, "1089") << "LibriSpeech-style path";
  const auto textgrid = read_textgrid(alignment("mfa_words_phones.TextGrid"));
  const auto ctm = read_ctm(alignment("sclite_minimal.ctm")).by_source.at("utt_a");  // by utterance id
  ASSERT_EQ(u.tiers.size(), textgrid.size() + ctm.size() + 2);  // the HTK file has two levels
  EXPECT_EQ(u.tiers[0], textgrid[0]);
  EXPECT_EQ(u.tiers[textgrid.size()], ctm[0]);
  EXPECT_EQ(u.tiers.back().name, "labels:2");

  // A manifest speaker beats the path; a diarisation beats both. The RTTM has two recordings: the one
  // named like the audio file's stem is taken.
  s.speaker = "from-manifest";
  EXPECT_EQ(record_from_entry(s).speaker, "from-manifest");
  const auto rttm_path = write_file(dir / "two.rttm",
                                    "SPEAKER other 1 0.0 9.0 <NA> <NA> bob <NA> <NA>\n"
                                    "SPEAKER 1089-134686-0000 1 0.0 1.0 <NA> <NA> alice <NA> <NA>\n"
                                    "SPEAKER 1089-134686-0000 1 1.0 0.5 <NA> <NA> carol <NA> <NA>\n");
  s.alignment_paths = {rttm_path.string()};
  u = record_from_entry(s);
  EXPECT_EQ(u.speaker, "alice");
  ASSERT_EQ(u.tiers.size(), 1u);
  EXPECT_EQ(u.tiers[0], read_rttm(rttm_path.string()).at("1089-134686-0000"));

  // Files that do not fit name themselves.
  s.alignment_paths = {alignment("pyannote.rttm")};  // meeting_01 and meeting_02, neither is this utterance
  EXPECT_EQ(
      error_of([&] { record_from_entry(s); }),
      alignment("pyannote.rttm") +
          ": no entry for utterance 'utt_a' (nor for '1089-134686-0000'); it has meeting_01, meeting_02");
  s.alignment_paths = {write_file(dir / "x.json", "{}").string()};
  EXPECT_NE(error_of([&] { record_from_entry(s); }).find("x.json: unknown alignment format '.json'"),
            std::string::npos);
  s.alignment_paths = {alignment("bad_overlap.TextGrid")};
  EXPECT_NE(error_of([&] { record_from_entry(s); }).find("bad_overlap.TextGrid: line"), std::string::npos);
  s.alignment_paths.clear();
  s.audio_path = (dir / "missing.wav").string();
  EXPECT_NE(error_of([&] { record_from_entry(s); }).find("missing.wav"), std::string::npos);
  s.audio_path = (dir / "1089/134686/1089-134686-0000.wav").string();
  s.speaker = "bad\xff";
  EXPECT_NE(error_of([&] { record_from_entry(s); }).find("test: speaker is not valid UTF-8"),
            std::string::npos);
}
