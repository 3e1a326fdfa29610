// steerscope-cli tokenize as a user runs it: JSON lines in, JSON lines out, errors that name the line.
#include <gtest/gtest.h>

#include "tests/core/text/tokenizer_test_support.h"

using namespace steerscope;

namespace {

// Runs `steerscope-cli tokenize <args>` with input on stdin.
test::ProcessResult tokenize(const std::string& args, const std::string& input, const std::string& name) {
  const auto dir = test::scratch_dir("tokenize-cli-" + name);
  std::ofstream(dir / "in.jsonl", std::ios::binary) << input;
  return test::run_cli("tokenize " + args + " < '" + (dir / "in.jsonl").string() + "'");
}

std::string tiny() {
  return "--tokenizer '" + test::tiny_tokenizer("tiny_legacy") + "'";
}

}  // namespace

TEST(TokenizeCli, EncodesOneLinePerLine) {
  const auto r = tokenize(tiny(), "\"hello world\"\n\"aaa\"\n\"\"\n\"hello<|im_end|>x\"\n", "encode");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[260,264]\n[265,97]\n[]\n[260,277,120]\n");
}

TEST(TokenizeCli, DecodesWithAndWithoutSpecialTokens) {
  auto r = tokenize(tiny() + " --decode", "[260,277,264]\n[195,169]\n[195]\n", "decode");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\"hello<|im_end|> world\"\n\"\xC3\xA9\"\n\"\xEF\xBF\xBD\"\n");
  r = tokenize(tiny() + " --decode --skip-special", "[260,277,264]\n", "decode-skip");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\"hello world\"\n");
}

TEST(TokenizeCli, AddSpecialUsesThePostProcessor) {
  const auto r =
      tokenize("--tokenizer '" + test::tiny_tokenizer("tiny_llama3") + "' --add-special", "\"hi\"\n", "add");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[276,104,105]\n");
}

TEST(TokenizeCli, BadLinesNameTheLineNumber) {
  auto r = tokenize(tiny(), "\"ok\"\n\"unterminated\n", "bad-json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "[111,107]\n");  // lines before the bad one were answered
  EXPECT_NE(r.err.find("stdin line 2: invalid JSON"), std::string::npos) << r.err;
  r = tokenize(tiny(), "\"a\"\n\"b\"\n[1,2]\n", "not-string");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stdin line 3: expected a JSON string, got array"), std::string::npos) << r.err;
  r = tokenize(tiny() + " --decode", "[1, 999999]\n", "unknown-id");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stdin line 1: id 999999 is not in the vocabulary"), std::string::npos) << r.err;
  r = tokenize(tiny() + " --decode", "[1, \"x\"]\n", "not-int");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stdin line 1: \"x\" is not an integer token id"), std::string::npos) << r.err;
}

TEST(TokenizeCli, UsageAndLoadErrors) {
  auto r = tokenize("", "\"x\"\n", "no-tokenizer");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing required option --tokenizer"), std::string::npos) << r.err;
  r = tokenize(tiny() + " --skip-special", "\"x\"\n", "skip-without-decode");
  EXPECT_EQ(r.exit_code, 2);
  r = tokenize("--tokenizer /nonexistent/tokenizer.json", "\"x\"\n", "missing-file");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/tokenizer.json: cannot open"), std::string::npos) << r.err;
  r = test::run_cli("--help");
  EXPECT_NE(r.out.find("tokenize"), std::string::npos);
}

TEST(TokenizeCli, QwenCorpusMatchesHuggingFaceByteForByte) {
  STEERSCOPE_REQUIRE_TEST_TOOLS();
  const std::string corpus = test::data_path("tokenizer/corpus.jsonl");
  const auto expected =
      test::run_oracle(test::qwen3_tokenizer_json(), test::read_lines(corpus), "", "cli-oracle");
  const auto r =
      test::run_cli("tokenize --tokenizer '" + test::qwen3_tokenizer_json() + "' < '" + corpus + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string joined;
  for (const auto& l : expected) joined += l + "\n";
  EXPECT_EQ(r.out, joined);
}
