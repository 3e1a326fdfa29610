// Malformed or unsupported tokenizer files must fail at load time with an Error that names the file and
// says what is wrong, never crash or load something that tokenizes differently from Hugging Face.
#include <gtest/gtest.h>

#include <fstream>

#include "core/text/bpe_tokenizer.h"
#include "core/util/error.h"
#include "tests/core/text/tokenizer_test_support.h"

using namespace steerscope;
using nlohmann::json;

namespace {

json tiny_json() {
  std::ifstream in(test::tiny_tokenizer("tiny_legacy") + "/tokenizer.json");
  return json::parse(in);
}

// Writes text as <scratch>/<name>/tokenizer.json and returns that path.
std::string write_tokenizer(const std::string& name, const std::string& text) {
  const auto dir = test::scratch_dir("tokenizer-bad-" + name);
  std::ofstream(dir / "tokenizer.json", std::ios::binary) << text;
  return (dir / "tokenizer.json").string();
}

// Loads path and returns the error message; fails the test if loading succeeds.
std::string load_error(const std::string& path) {
  try {
    BpeTokenizer t(path);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " loaded without error";
  return {};
}

void expect_error(const std::string& name, const json& doc, const std::string& what) {
  const std::string path = write_tokenizer(name, doc.dump());
  const std::string message = load_error(path);
  EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << "message does not start with the file: " << message;
  EXPECT_NE(message.find(what), std::string::npos) << "expected '" << what << "' in: " << message;
}

}  // namespace

TEST(TokenizerBadInput, UnknownModelType) {
  json j = tiny_json();
  j["model"]["type"] = "WordPiece";
  expect_error("model-type", j, "model type 'WordPiece' is not supported (only BPE)");
}

TEST(TokenizerBadInput, MissingMerges) {
  json j = tiny_json();
  j["model"].erase("merges");
  expect_error("no-merges", j, "model.merges is missing");
}

TEST(TokenizerBadInput, InvalidRegex) {
  json j = tiny_json();
  j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(?i:'s|[a-z";
  expect_error("regex", j,
               "pre_tokenizer.pretokenizers[0].pattern.Regex: regex '(?i:'s|[a-z' does not compile");
}

TEST(TokenizerBadInput, TruncatedJson) {
  std::ifstream in(test::tiny_tokenizer("tiny_legacy") + "/tokenizer.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string path = write_tokenizer("truncated", text.substr(0, text.size() / 2));
  const std::string message = load_error(path);
  EXPECT_EQ(message.rfind(path + ": invalid JSON", 0), 0u) << message;
}

TEST(TokenizerBadInput, MergeOfUnknownTokens) {
  json j = tiny_json();
  j["model"]["merges"][3] = "zz q";
  expect_error("merge-unknown", j, "model.merges[3]: token 'zz' is not in model.vocab");
  j = tiny_json();
  j["model"]["merges"][2] = "h e l";
  expect_error("merge-three", j, "model.merges[2] 'h e l' is not two tokens separated by one space");
  j = tiny_json();
  j["model"]["merges"][0] = json::array({"a", "q"});  // "aq" is not in the vocabulary
  expect_error("merge-result", j, "model.merges[0]: merged token 'aq' is not in model.vocab");
  j = tiny_json();
  j["model"]["merges"][1] = 7;
  expect_error("merge-type", j, "model.merges[1] is 7, expected");
}

TEST(TokenizerBadInput, UnsupportedPipelineStages) {
  json j = tiny_json();
  j["normalizer"] = {{"type", "Lowercase"}};
  expect_error("normalizer", j, "normalizer type 'Lowercase' is not supported");
  j = tiny_json();
  j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", "_"}};
  expect_error("metaspace", j, "pre_tokenizer type 'Metaspace' is not supported");
  j = tiny_json();
  j["pre_tokenizer"]["pretokenizers"][0]["behavior"] = "Removed";
  expect_error("split-behavior", j, "Split behavior 'Removed' is not supported");
  j = tiny_json();
  j["pre_tokenizer"] = j["pre_tokenizer"]["pretokenizers"][0];
  expect_error("no-byte-level", j, "pre_tokenizer has no ByteLevel step");
  j = tiny_json();
  j.erase("decoder");
  expect_error("no-decoder", j, "decoder is missing");
  j = tiny_json();
  j["model"]["byte_fallback"] = true;
  expect_error("byte-fallback", j, "model.byte_fallback is not supported");
  j = tiny_json();
  j["model"]["dropout"] = 0.1;
  expect_error("dropout", j, "model.dropout 0.1 is not supported");
  j = tiny_json();
  j["post_processor"] = {{"type", "Mystery"}};
  expect_error("post", j, "post_processor type 'Mystery' is not supported");
}

TEST(TokenizerBadInput, MalformedStructure) {
  expect_error("array", json::array({1, 2}), "expected a JSON object at the top level");
  json j = tiny_json();
  j["model"]["vocab"] = json::array({"a"});
  expect_error("vocab-array", j, "model.vocab is missing or not an object");
  j = tiny_json();
  j["model"]["vocab"]["a"] = -4;
  expect_error("vocab-negative", j, "model.vocab['a'] is -4, expected an id >= 0");
  j = tiny_json();
  j["added_tokens"][1].erase("id");
  expect_error("added-no-id", j, "added_tokens[1]: key 'id' missing");
  j = tiny_json();
  j["added_tokens"][0]["special"] = "yes";
  expect_error("added-special", j, "added_tokens[0]: key 'special' is string, expected a boolean");
  j = tiny_json();
  j.erase("model");
  expect_error("no-model", j, "\"model\" is missing or not an object");
}

TEST(TokenizerBadInput, MissingFilesAndDirectories) {
  const auto dir = test::scratch_dir("tokenizer-bad-missing");
  const std::string absent = (dir / "absent.json").string();
  EXPECT_EQ(load_error(absent), absent + ": cannot open");
  EXPECT_EQ(load_error(dir.string()), dir.string() + ": directory has no tokenizer.json");
}

TEST(TokenizerBadInput, ConfigNamingAnUnknownToken) {
  const auto dir = test::scratch_dir("tokenizer-bad-config");
  std::filesystem::copy_file(test::tiny_tokenizer("tiny_legacy") + "/tokenizer.json", dir / "tokenizer.json");
  std::ofstream(dir / "tokenizer_config.json") << R"({"eos_token": "<|nope|>"})";
  const std::string message = load_error(dir.string());
  EXPECT_EQ(message.rfind(
                (dir / "tokenizer_config.json").string() + ": eos_token '<|nope|>' is not a token of ", 0),
            0u)
      << message;
  std::ofstream(dir / "tokenizer_config.json", std::ios::trunc) << R"({"eos_token": 5})";
  EXPECT_NE(load_error(dir.string()).find("tokenizer_config.json: eos_token is 5, expected a string"),
            std::string::npos);
  std::ofstream(dir / "tokenizer_config.json", std::ios::trunc) << R"({"eos_token": )";
  EXPECT_NE(load_error(dir.string()).find("tokenizer_config.json: invalid JSON"), std::string::npos);
}
