// steerscope-cli transcribe and ask, end to end from audio files: the reference layout reproduces the
// reference's greedy ids; ChatML conversations, interactive mode and batch error handling work as a user
// would drive them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/util/npy_file.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

const std::string kModels = "--encoder " + test::data_path("fixtures/whisper_tiny") + " --steering " +
                            test::data_path("fixtures/steermoe_ckpt/steering.safetensors");

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] == '{') v.push_back(nlohmann::json::parse(line));
  return v;
}

// The fixture decoder with a small byte-level tokenizer beside it (ids < 512, <|im_end|> = 277).
fs::path decoder_with_tokenizer() {
  auto dir = test::scratch_dir("decoder-tok");
  for (const char* f : {"config.json", "model.safetensors", "generation_config.json"})
    fs::copy_file(test::data_path(std::string("fixtures/qwen2_tiny/") + f), dir / f);
  for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
    fs::copy_file(test::data_path(std::string("tokenizer/tiny_legacy/") + f), dir / f);
  return dir;
}

}  // namespace

TEST(CliTranscribe, ReferenceLayoutReproducesTheReferenceGreedyIdsFromAudioFiles) {
  for (const char* padding : {"30s", "none"}) {
    std::string audio;
    for (const char* clip : {"clip0", "clip1", "clip2"}) audio += " " + test::data_path(std::string("fixtures/audio/") + clip + "_16k.wav");
    auto r = test::run_cli("transcribe " + kModels + " --decoder " + test::data_path("fixtures/qwen2_tiny") +
                           " --prompt-ids 101,7,333,42,256,18 --max-new-tokens 8 --json --padding " + padding + " --audio" + audio);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto results = json_lines(r.out);
    ASSERT_EQ(results.size(), 3u) << r.out;
    const std::string path = std::string(padding) == "30s" ? "padded" : "unpadded";
    const char* clips[] = {"clip0", "clip1", "clip2"};
    for (int i = 0; i < 3; ++i) {
      auto expected = read_npy(test::data_path(std::string("fixtures/expected/") + clips[i] + "." + path + ".greedy_ids.qwen2_tiny.npy")).to_int64();
      EXPECT_EQ(results[size_t(i)]["token_ids"].get<std::vector<int64_t>>(), expected) << clips[i] << " " << padding;
      EXPECT_EQ(results[size_t(i)]["token_logprobs"].size(), 8u);
      EXPECT_EQ(results[size_t(i)]["stop"], "max_new_tokens");
    }
    EXPECT_NE(r.err.find("first token"), std::string::npos) << r.err;  // timing on stderr
  }
}

TEST(CliTranscribe, OneBadFileIsReportedAndTheOthersStillRun) {
  auto dir = test::scratch_dir("cli-transcribe-bad");
  std::ofstream(dir / "broken.wav") << "garbage";
  auto r = test::run_cli("transcribe " + kModels + " --decoder " + test::data_path("fixtures/qwen2_tiny") +
                         " --prompt-ids 1,2 --max-new-tokens 2 --json --audio " + (dir / "broken.wav").string() + " " +
                         test::data_path("fixtures/audio/clip2_16k.wav"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("broken.wav"), std::string::npos) << r.err;
  EXPECT_EQ(json_lines(r.out).size(), 1u) << r.out;
  // Text prompts need a tokenizer; the fixture decoder has none.
  auto t = test::run_cli("transcribe " + kModels + " --decoder " + test::data_path("fixtures/qwen2_tiny") + " --audio " +
                         test::data_path("fixtures/audio/clip2_16k.wav"));
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("no tokenizer.json"), std::string::npos) << t.err;
}

TEST(CliAsk, ChatmlConversationStreamsTextAndKeepsContext) {
  auto dec = decoder_with_tokenizer();
  const std::string base = "ask " + kModels + " --decoder " + dec.string() + " --audio " +
                           test::data_path("fixtures/audio/clip0_16k.wav") + " --layout chatml --max-new-tokens 6";
  auto r = test::run_cli(base + " --json --question 'what is said?' --question 'and then?'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto turns = json_lines(r.out);
  ASSERT_EQ(turns.size(), 2u) << r.out;
  for (const auto& t : turns)
    for (int64_t id : t["token_ids"].get<std::vector<int64_t>>()) EXPECT_LT(id, 279) << "ids beyond the tokenizer are masked";
  EXPECT_EQ(turns[0]["question"], "what is said?");

  // Streamed text equals the JSON text for the same (greedy) settings.
  auto streamed = test::run_cli(base + " --question 'what is said?'");
  ASSERT_EQ(streamed.exit_code, 0) << streamed.err;
  EXPECT_NE(streamed.out.find(turns[0]["text"].get<std::string>()), std::string::npos) << streamed.out;
}

TEST(CliAsk, InteractiveModeAnswersEachLineAndRegenerates) {
  auto dec = decoder_with_tokenizer();
  auto r = test::run_shell("printf 'first question\\n/regenerate\\nsecond\\n/clear\\nthird\\n' | " + test::cli_path() +
                           " ask " + kModels + " --decoder " + dec.string() + " --audio " +
                           test::data_path("fixtures/audio/clip1_16k.wav") + " --interactive --json --max-new-tokens 4 --temperature 1.2 --seed 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto turns = json_lines(r.out);
  ASSERT_EQ(turns.size(), 4u) << r.out;
  EXPECT_EQ(turns[1]["question"], "/regenerate");
  EXPECT_EQ(turns[3]["question"], "third");
  // Greedy is not asked for, so settings come from the command line: sampling with a seed.
  auto again = test::run_shell("printf 'first question\\n' | " + test::cli_path() + " ask " + kModels + " --decoder " +
                               dec.string() + " --audio " + test::data_path("fixtures/audio/clip1_16k.wav") +
                               " --interactive --json --max-new-tokens 4 --temperature 1.2 --seed 3");
  EXPECT_EQ(json_lines(again.out)[0]["token_ids"], turns[0]["token_ids"]) << "same seed, same tokens";
}
