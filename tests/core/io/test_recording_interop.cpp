// Recordings are readable without SteerScope, as docs/recording-format.md promises:
//  - h5dump (hdf5-tools) finds every path of the documented layout, with the documented type, rank,
//    sizes and appendable axes, and every documented attribute;
//  - the Python example in the document runs under /usr/bin/python3 with h5py and prints what the C++
//    writer put in.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "core/io/recording_writer.h"
#include "tests/core/io/recording_test_data.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

const char* kDocPath = STEERSCOPE_DOCS_DIR "/recording-format.md";
constexpr uint32_t kSeed = 17;
constexpr size_t kUtterances = 5;

test::RecordingShape interop_shape() {
  test::RecordingShape s;
  s.layers = 3;
  s.experts = 4;
  s.dim = 5;
  s.n_mels = 8;
  s.max_frames = 120;
  return s;
}

std::string make_recording(const std::filesystem::path& dir) {
  const auto s = interop_shape();
  RecordingOptions o;
  o.n_mels = s.n_mels;
  const std::string path = (dir / "interop.h5").string();
  auto w = RecordingWriter::create(path, test::make_run_info(), test::make_constants(s), o);
  for (size_t i = 0; i < kUtterances; ++i) w.write(test::make_utterance(s, kSeed, i));
  w.close();
  return path;
}

// The fenced block of the given language that follows `heading` in the document.
std::string doc_block(const std::string& heading, const std::string& language) {
  const std::string doc = test::read_text_file(kDocPath);
  size_t at = doc.find("\n" + heading + "\n");
  if (at == std::string::npos) return "";
  size_t start = doc.find("```" + language + "\n", at);
  if (start == std::string::npos) return "";
  start += 4 + language.size();
  size_t end = doc.find("```", start);
  return end == std::string::npos ? "" : doc.substr(start, end - start);
}

struct DocumentedEntry {
  std::string path;
  std::string description;  // with continuation lines joined
};

std::vector<DocumentedEntry> documented_layout() {
  std::vector<DocumentedEntry> entries;
  std::istringstream in(doc_block("## Layout", "text"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '/') {
      size_t space = line.find(' ');
      std::string path = line.substr(0, space);
      std::string desc = space == std::string::npos ? "" : line.substr(line.find_first_not_of(' ', space));
      if (size_t nn = path.find("NN"); nn != std::string::npos) path.replace(nn, 2, "00");
      entries.push_back({path, desc});
    } else if (!entries.empty()) {
      entries.back().description += " " + line.substr(line.find_first_not_of(' '));
    }
  }
  return entries;
}

// The text between `open` and the next `close` after position `from`, or nullopt.
std::optional<std::string> between(const std::string& text, const std::string& open, const std::string& close,
                                   size_t from = 0) {
  size_t a = text.find(open, from);
  if (a == std::string::npos) return std::nullopt;
  a += open.size();
  size_t b = text.find(close, a);
  if (b == std::string::npos) return std::nullopt;
  return text.substr(a, b - a);
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(trimmed(item));
  return out;
}

// The first "float32 [L, E, D]" (or int64, uint8, compound) in a layout description: type and dims.
bool documented_type_and_shape(const std::string& description, std::string& type,
                               std::vector<std::string>& dims) {
  size_t best = std::string::npos;
  for (const char* t : {"float32", "int64", "uint8", "compound"}) {
    const size_t at = description.find(std::string(t) + " [");
    if (at < best) {
      best = at;
      type = t;
    }
  }
  if (best == std::string::npos) return false;
  const auto shape = between(description, "[", "]", best);
  if (!shape) return false;
  dims = comma_list(*shape);
  return true;
}

bool h5dump_available() {
  return test::run_shell("h5dump --version").exit_code == 0;
}

}  // namespace

TEST(RecordingInterop, H5dumpFindsEveryDocumentedPathWithItsTypeAndShape) {
  if (!h5dump_available()) GTEST_SKIP() << "h5dump not installed (Debian package hdf5-tools)";
  auto dir = test::scratch_dir("rec-h5dump");
  const std::string file = make_recording(dir);
  const auto s = interop_shape();
  const std::map<std::string, int64_t> sizes = {
      {"L", s.layers}, {"E", s.experts}, {"D", s.dim}, {"M", s.n_mels}, {"U", int64_t(kUtterances)},
      {"C", 3}};
  const auto entries = documented_layout();
  ASSERT_GE(entries.size(), 15u) << "layout block not found in " << kDocPath;

  const std::map<std::string, std::string> hdf5_types = {{"float32", "H5T_IEEE_F32LE"},
                                                         {"int64", "H5T_STD_I64LE"},
                                                         {"uint8", "H5T_STD_U8LE"},
                                                         {"compound", "H5T_COMPOUND"}};
  const std::string whole = test::run_shell("h5dump -H " + file).out;
  int datasets = 0, attributes = 0;
  for (const auto& e : entries) {
    SCOPED_TRACE(e.path + "  " + e.description);
    std::string type;
    std::vector<std::string> doc_dims;
    if (documented_type_and_shape(e.description, type, doc_dims)) {
      ++datasets;
      const auto r = test::run_shell("h5dump -H -p -d '" + e.path + "' " + file);
      ASSERT_EQ(r.exit_code, 0) << "h5dump cannot find dataset " << e.path << ": " << r.err;
      EXPECT_NE(r.out.find(hdf5_types.at(type)), std::string::npos) << r.out;
      // "DATASPACE  SIMPLE { ( 1536, 4 ) / ( H5S_UNLIMITED, 4 ) }"
      const auto simple = between(r.out, "SIMPLE { ( ", " ) }");
      ASSERT_TRUE(simple.has_value()) << r.out;
      const size_t slash = simple->find(" ) / ( ");
      ASSERT_NE(slash, std::string::npos) << r.out;
      const auto dims = comma_list(simple->substr(0, slash)),
                 max_dims = comma_list(simple->substr(slash + 7));
      // Documented dims: a letter from `sizes` must match; a word (rows, bytes, frames) may be anything.
      ASSERT_EQ(dims.size(), doc_dims.size()) << r.out;
      // Appendable datasets grow along the axis that is not a model constant (U, rows, bytes, frames).
      const bool appendable = e.description.find("appendable") != std::string::npos;
      for (size_t k = 0; k < dims.size(); ++k) {
        auto known = sizes.find(doc_dims[k]);
        if (known != sizes.end()) {
          EXPECT_EQ(dims[k], std::to_string(known->second)) << "axis " << k;
        }
        const bool grows = known == sizes.end() || doc_dims[k] == "U";
        if (appendable) {
          EXPECT_EQ(max_dims[k] == "H5S_UNLIMITED", grows) << "axis " << k << ": " << r.out;
        }
      }
      if (appendable && type == "float32" && e.path != "/output/token_logprobs") {
        EXPECT_NE(r.out.find("PREPROCESSING SHUFFLE"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("COMPRESSION DEFLATE { LEVEL 1 }"), std::string::npos) << r.out;
      }
    } else {
      // A group, or the root, described by its attributes.
      std::string out = whole;
      if (e.path != "/") {
        const auto r = test::run_shell("h5dump -H -g '" + e.path + "' " + file);
        ASSERT_EQ(r.exit_code, 0) << "h5dump cannot find group " << e.path << ": " << r.err;
        out = r.out;
      }
      if (e.description.rfind("attributes", 0) == 0) {
        // "attributes: format = "steerscope-recording", schema_version = 1, layers (L), ...": the name is
        // each item's first word.
        for (const std::string& item : comma_list(e.description.substr(e.description.find(':') + 1))) {
          const std::string name = item.substr(0, item.find(' '));
          if (name.empty()) continue;
          ++attributes;
          EXPECT_NE(out.find("ATTRIBUTE \"" + name + "\""), std::string::npos) << "attribute " << name;
        }
      }
    }
  }
  EXPECT_GE(datasets, 12);
  EXPECT_GE(attributes, 16);
  // The utterance index members of the documented table.
  const auto r = test::run_shell("h5dump -H -d /utterances/index " + file);
  for (const char* member : {"commit", "crc32", "names_offset", "details_length", "duration_s", "mel_offset",
                             "mel_frames", "mel_frame_rate_hz", "has_output", "token_count", "total_ms"})
    EXPECT_NE(r.out.find(std::string("\"") + member + "\""), std::string::npos) << member;
  EXPECT_NE(r.out.find("DATASPACE  SIMPLE { ( 5 ) / ( H5S_UNLIMITED ) }"), std::string::npos) << r.out;
}

TEST(RecordingInterop, PythonExampleInTheDocumentationReadsTheRecording) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 not found";
  const auto probe = test::run_shell("/usr/bin/python3 -c 'import h5py, numpy'");
  if (probe.exit_code != 0)
    GTEST_SKIP() << "h5py is not importable by /usr/bin/python3 (Debian package python3-h5py): " << probe.err;
  const std::string script = doc_block("## Reading from Python", "python");
  ASSERT_FALSE(script.empty()) << "no ```python block under '## Reading from Python' in " << kDocPath;

  auto dir = test::scratch_dir("rec-python");
  const std::string file = make_recording(dir);
  const std::string script_path = (dir / "read_recording.py").string();
  { std::ofstream(script_path) << script; }
  const auto r = test::run_shell("/usr/bin/python3 " + script_path + " " + file);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // What the script must print, computed from the same synthetic utterances.
  const auto s = interop_shape();
  const RunInfo run = test::make_run_info();
  std::vector<std::string> expected = {"run " + run.device + " " + run.dtype};
  for (const auto& c : run.checkpoints) expected.push_back("checkpoint " + c.role + " " + c.path);
  expected.push_back("model 3 4 (3, 4, 5)");
  std::vector<double> usage(size_t(s.experts), 0.0);
  int64_t last_frames = 0;
  for (size_t i = 0; i < kUtterances; ++i) {
    const UtteranceRecord u = test::make_utterance(s, kSeed, i);
    const RouterTrace& t = u.layers[0];
    std::vector<int> dominant(size_t(s.experts), 0);
    for (int64_t f = 0; f < t.probs.rows; ++f) {
      int best = 0;
      for (int e = 1; e < s.experts; ++e)
        if (t.probs.at(f, e) > t.probs.at(f, best)) best = e;
      ++dominant[size_t(best)];
    }
    std::string counts, tiers;
    for (size_t e = 0; e < dominant.size(); ++e) counts += (e ? "," : "") + std::to_string(dominant[e]);
    for (const auto& tier : u.tiers) tiers += (tiers.empty() ? "" : "+") + tier.name;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.4f", u.duration_s);
    char rate[32];
    std::snprintf(rate, sizeof rate, "%g", t.frame_rate_hz);
    const std::string mel =
        u.log_mel.rows ? std::to_string(u.log_mel.rows) + "x" + std::to_string(u.log_mel.cols) : "none";
    expected.push_back("utt " + u.id + " " + (u.speaker.empty() ? "-" : u.speaker) + " " + duration + " " +
                       mel + " " + std::to_string(t.probs.rows) + "@" + rate + "Hz " + counts + " " +
                       std::to_string(u.output ? u.output->token_ids.size() : 0) + " " +
                       (u.output ? u.output->text : "-") + " " + (tiers.empty() ? "-" : tiers));
    const RouterTrace& last = u.layers.back();
    last_frames += last.probs.rows;
    for (int64_t f = 0; f < last.probs.rows; ++f)
      for (int e = 0; e < s.experts; ++e) usage[size_t(e)] += last.probs.at(f, e);
  }

  std::vector<std::string> lines;
  std::istringstream out(r.out);
  for (std::string line; std::getline(out, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), expected.size() + 1) << r.out;
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(lines[i], expected[i]);
  // The corpus-wide line: sums of float32 in a different order, so compare the shares numerically.
  std::istringstream last(lines.back());
  std::string word;
  int layer = -1;
  int64_t frames = -1;
  last >> word >> layer >> word >> frames >> word;
  EXPECT_EQ(layer, s.layers - 1);
  EXPECT_EQ(frames, last_frames);
  double total = 0;
  for (double v : usage) total += v;
  for (int e = 0; e < s.experts; ++e) {
    double share = -1;
    last >> share;
    EXPECT_NEAR(share, usage[size_t(e)] / total, 1.5e-3) << "expert " << e << " in: " << lines.back();
  }
}
