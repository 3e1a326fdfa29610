// The embedded demo's commands end to end on a tiny corpus (a few training steps, so the text is poor but
// every part runs): `corpus`, `train --stage all --bundle` (tokenizer, encoder, LM, steering, baseline,
// evaluation with its per-hypothesis log, bundle with its recording), then `demo` on that bundle. Also the
// bundle's error messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/io/recording_reader.h"
#include "core/train/demo_bundle.h"
#include "core/util/error.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

const fs::path& trained_bundle() {
  static const fs::path bundle = [] {
    const fs::path dir = test::scratch_dir("cli-demo");
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto r = test::run_cli("corpus --out " + (dir / "corpus").string() +
                           " --train 24 --validation 6 --test 8 --test-heldout-speaker 4 --lm-extra 200 --jobs 2");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = test::run_cli("train --corpus " + (dir / "corpus").string() + " --work " + (dir / "work").string() +
                      " --steps-scale 0.01 --eval-examples 4 --threads 2 --bundle " + (dir / "bundle").string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("| SteerMoE |"), std::string::npos) << r.out;  // the results table
    EXPECT_NE(r.err.find("bundle    done"), std::string::npos) << r.err;
    return dir / "bundle";
  }();
  return bundle;
}

// The evaluation's transcripts.jsonl has a line per hypothesis, and its errors add up to results.json.
void expect_transcripts_match_results(const fs::path& work) {
  std::ifstream results_file(work / "results.json");
  ASSERT_TRUE(results_file) << work / "results.json";
  const auto results = nlohmann::json::parse(results_file);
  std::ifstream in(work / "transcripts.jsonl");
  ASSERT_TRUE(in) << work / "transcripts.jsonl";
  std::map<std::string, int64_t> lines, errors, words;  // by "system split task"
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    for (const char* key : {"system", "split", "id", "speaker", "task", "reference", "hypothesis", "errors"})
      ASSERT_TRUE(j.contains(key)) << key << " missing in " << line;
    const std::string key = j["system"].get<std::string>() + " " + j["split"].get<std::string>() + " " + j["task"].get<std::string>();
    ++lines[key];
    errors[key] += j["errors"].get<int64_t>();
    std::istringstream reference(j["reference"].get<std::string>());
    for (std::string w; reference >> w;) ++words[key];
  }
  for (const char* split : {"test", "test_heldout_speaker"}) {
    const std::string s = split;
    for (const char* system : {"steermoe", "linear"}) {
      const auto& r = results["models"][system][split];
      const std::string t = std::string(system) + " " + s + " transcribe", c = std::string(system) + " " + s + " call";
      EXPECT_EQ(lines[t], r["utterances"].get<int64_t>()) << t;
      EXPECT_EQ(words[t], r["words"].get<int64_t>()) << t;
      EXPECT_NEAR(double(errors[t]) / double(words[t]), r["wer"].get<double>(), 1e-12) << t;
      EXPECT_EQ(lines[c], r["commands"].get<int64_t>()) << c;
      const double accuracy = lines[c] ? 1.0 - double(errors[c]) / double(lines[c]) : 0.0;
      EXPECT_NEAR(accuracy, r["call_accuracy"].get<double>(), 1e-12) << c;
    }
    EXPECT_EQ(lines["lm_true_phones " + s + " transcribe"], results["ceiling"][split]["true_phones"]["utterances"].get<int64_t>());
    EXPECT_EQ(lines["lm_true_text " + s + " call"], results["ceiling"][split]["true_text"]["commands"].get<int64_t>());
  }
}

}  // namespace

TEST(CliDemo, TrainWritesABundleWithModelsClipsResultsAndItsRecording) {
  const DemoBundle bundle = DemoBundle::open(trained_bundle().string());
  // Up to 4 dictation + 2 commands from the test split, and 1 + 1 from the held-out speaker.
  EXPECT_GE(bundle.clips().size(), 4u);
  EXPECT_LE(bundle.clips().size(), 8u);
  int commands = 0, heldout = 0;
  for (const auto& c : bundle.clips()) {
    commands += c.kind == "command";
    heldout += c.heldout_speaker;
    EXPECT_TRUE(fs::exists(c.wav_path) && fs::exists(c.align_path)) << c.id;
    EXPECT_FALSE(c.text.empty()) << c.id;
    if (c.kind == "command") {
      EXPECT_FALSE(c.call.empty()) << c.id;
    }
  }
  EXPECT_GE(commands, 1);
  EXPECT_GE(heldout, 1);
  ASSERT_TRUE(bundle.info().contains("results"));
  EXPECT_TRUE(bundle.info()["results"]["models"]["steermoe"]["test"].contains("wer"));
  EXPECT_TRUE(bundle.info()["results"]["models"]["linear"]["test_heldout_speaker"].contains("call_accuracy"));
  EXPECT_LT(directory_bytes(bundle.dir()), 20 << 20);

  const RecordingReader rec(bundle.recording_path());
  ASSERT_EQ(rec.size(), bundle.clips().size());
  const UtteranceRecord u = rec.read(bundle.clips().front().id);
  ASSERT_TRUE(u.output.has_value());
  EXPECT_EQ(u.reference_text, bundle.clips().front().text);
  EXPECT_EQ(u.speaker, bundle.clips().front().speaker);
  bool phones = false, words = false;
  for (const auto& t : u.tiers) {
    phones |= t.name == "phones" && !t.items.empty();
    words |= t.name == "words" && !t.items.empty();
  }
  EXPECT_TRUE(phones && words);
  expect_transcripts_match_results(trained_bundle().parent_path() / "work");
}

TEST(CliDemo, DemoTranscribesAnswersRecordsAndAnalyses) {
  const fs::path out = test::scratch_dir("cli-demo-run") / "demo.h5";
  fs::create_directories(out.parent_path());
  auto r = test::run_cli("demo --no-gui --permutations 19 --bundle " + trained_bundle().string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const DemoBundle bundle = DemoBundle::open(trained_bundle().string());
  for (const auto& c : bundle.clips()) EXPECT_NE(r.out.find("truth: " + c.text), std::string::npos) << c.id;
  EXPECT_NE(r.out.find("held-out speaker"), std::string::npos);
  EXPECT_NE(r.out.find(" calls right"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("phone classes each expert prefers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NMI"), std::string::npos) << r.out;
  const RecordingReader rec(out.string());
  EXPECT_EQ(rec.size(), bundle.clips().size());
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST(CliDemo, BadBundlesAreNamedWithWhatIsWrong) {
  const fs::path dir = test::scratch_dir("cli-demo-bad");
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto r = test::run_cli("demo --no-gui --bundle " + dir.string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("bundle.json is missing"), std::string::npos) << r.err;

  std::ofstream(dir / "bundle.json") << R"({"format": "steerscope-demo-bundle", "version": 7})";
  EXPECT_THROW(
      {
        try {
          DemoBundle::open(dir.string());
        } catch (const Error& e) {
          EXPECT_NE(std::string(e.what()).find("'version' is 7"), std::string::npos) << e.what();
          throw;
        }
      },
      Error);

  // A copy of a good bundle that lost a model file.
  const fs::path copy = dir / "copy";
  fs::copy(trained_bundle(), copy, fs::copy_options::recursive);
  fs::remove(copy / "linear" / "steering.safetensors");
  r = test::run_cli("demo --no-gui --bundle " + copy.string() + " --out " + (dir / "x.h5").string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("'linear'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}
