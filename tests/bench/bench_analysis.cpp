// Streaming analysis over a synthetic corpus: N utterances are synthesised one at a time (never more than
// one in memory) and fed through the routing statistics, the phone-class association (with its
// permutation test), the checkpoint comparison (against a copy with permuted experts, both passes) and
// the WER accumulator. Reported per run: time spent in the accumulators (synthesis excluded; the
// benchmark's own time is this wall time), the time of the final summaries and permutation tests, the
// same two as CPU time of the (single) analysis thread, which is what to compare on a shared machine,
// and the process's peak resident memory (getrusage ru_maxrss). The claim under test: peak memory does
// not grow with N.
//
//   bench_analysis                               # 1,000 then 10,000 utterances in one process
//   bench_analysis --benchmark_filter=/1000$     # one size per process, for a clean peak
//   bench_analysis --benchmark_filter=/10000$
//
// Corpus: 12 layers, 8 experts, 5-15 s utterances at 50 Hz (250-750 frames), an ARPAbet phone tier
// (phones of 3-8 frames); layers 0-5 route by phone class (with noise), layers 6-11 ignore the audio.
// bench_analyze_recording measures the same analyses reading an HDF5 recording on disk.

#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>
#include <vector>

#include "analysis/checkpoint_comparison.h"
#include "analysis/error_rate_accumulator.h"
#include "analysis/expert_label_association.h"
#include "analysis/routing_stats_accumulator.h"
#include "analysis/seeded_random.h"

namespace steerscope::analysis {
namespace {

constexpr int kLayers = 12, kExperts = 8;
const std::vector<std::string> kPhones = {"AA1", "AE0", "IY1", "UW2", "P", "T", "K", "S",  "SH",
                                          "F",   "M",   "N",   "NG",  "L", "R", "W", "CH", "sil"};
const std::vector<std::string> kWords = {"the", "cat", "sat", "on", "mat", "a", "dog", "ran", "far", "away"};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

class SyntheticCorpus {
 public:
  explicit SyntheticCorpus(uint64_t seed) : random_(seed) {
    for (size_t p = 0; p < kPhones.size(); ++p) phone_expert_.push_back(int(random_.uniform_below(kExperts)));
    for (auto& perm : permutation_) {
      perm.resize(kExperts);
      std::iota(perm.begin(), perm.end(), 0);
      for (int i = kExperts - 1; i > 0; --i)
        std::swap(perm[size_t(i)], perm[random_.uniform_below(uint64_t(i) + 1)]);
    }
  }

  // Overwrites a (and b, a copy of a with each layer's experts permuted) with utterance `index`.
  void next(int64_t index, UtteranceRecord& a, UtteranceRecord& b) {
    const int64_t frames = 250 + int64_t(random_.uniform_below(501));
    a.id = "utt" + std::to_string(index);
    a.tiers.resize(1);
    AlignmentTier& tier = a.tiers[0];
    tier.name = "phones";
    tier.items.clear();
    std::vector<int> phone_of_frame;
    phone_of_frame.reserve(size_t(frames));
    while (int64_t(phone_of_frame.size()) < frames) {
      const int phone = int(random_.uniform_below(kPhones.size()));
      const int64_t start = int64_t(phone_of_frame.size());
      const int64_t length = std::min<int64_t>(3 + int64_t(random_.uniform_below(6)), frames - start);
      tier.items.push_back({double(start) / 50.0, double(start + length) / 50.0, kPhones[size_t(phone)]});
      phone_of_frame.insert(phone_of_frame.end(), size_t(length), phone);
    }
    a.layers.resize(kLayers);
    for (int l = 0; l < kLayers; ++l) {
      RouterTrace& t = a.layers[size_t(l)];
      t.layer = l;
      t.frame_rate_hz = 50.0;
      t.valid_frames = frames;
      t.probs.rows = frames;
      t.probs.cols = kExperts;
      t.probs.values.resize(size_t(frames * kExperts));
      t.delta_norm.resize(size_t(frames));
      for (int64_t i = 0; i < frames; ++i) {
        const bool informative = l < kLayers / 2 && random_.uniform_below(10) < 8;
        const int dominant = informative ? (phone_expert_[size_t(phone_of_frame[size_t(i)])] + l) % kExperts
                                         : int(random_.uniform_below(kExperts));
        const float peak = 0.4f + 0.05f * float(random_.uniform_below(11));
        float* row = t.probs.values.data() + i * kExperts;
        for (int e = 0; e < kExperts; ++e) row[e] = (1.0f - peak) / float(kExperts - 1);
        row[dominant] = peak;
        t.delta_norm[size_t(i)] = 0.1f * peak;
      }
    }
    a.output = GeneratedText{};
    a.reference_text.clear();
    for (int w = 0; w < 12; ++w)
      a.reference_text += (w ? " " : "") + kWords[random_.uniform_below(kWords.size())];
    a.output->text = a.reference_text;
    if (random_.uniform_below(2)) a.output->text += " um";

    b = a;
    for (int l = 0; l < kLayers; ++l) {
      const auto& perm = permutation_[size_t(l)];
      float* dst = b.layers[size_t(l)].probs.values.data();
      const float* src = a.layers[size_t(l)].probs.values.data();
      for (int64_t i = 0; i < frames; ++i)
        for (int e = 0; e < kExperts; ++e) dst[i * kExperts + perm[size_t(e)]] = src[i * kExperts + e];
    }
  }

 private:
  SeededRandom random_;
  std::vector<int> phone_expert_;
  std::vector<std::vector<int>> permutation_{kLayers};
};

void BM_StreamingAnalysis(benchmark::State& state) {
  const int64_t utterances = state.range(0);
  const double rss_before = peak_rss_mib();
  for (auto _ : state) {
    RoutingStatsAccumulator routing;
    FrameLabelSpec spec;  // phone classes of the "phones" tier
    AssociationOptions association;
    association.permutations = 199;
    association.max_test_utterances = 500;
    association.threads = 1;
    ExpertLabelAssociationAccumulator phones(spec, association);
    CheckpointComparisonAccumulator comparison(nullptr, nullptr);
    ErrorRateAccumulator wer({ErrorUnit::kWord, false, false});

    SyntheticCorpus corpus(1);
    UtteranceRecord a, b;
    std::chrono::duration<double> add_time{0};
    double add_cpu = 0.0;
    for (int64_t i = 0; i < utterances; ++i) {
      corpus.next(i, a, b);
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu_seconds();
      routing.add(a);
      phones.add(a);
      comparison.add(a, b);
      wer.add(a.reference_text, a.output->text);
      add_cpu += thread_cpu_seconds() - c0;
      add_time += std::chrono::steady_clock::now() - t0;
    }
    // Second pass of the comparison over the same (re-synthesised) utterances.
    comparison.begin_second_pass();
    SyntheticCorpus again(1);
    for (int64_t i = 0; i < utterances; ++i) {
      again.next(i, a, b);
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu_seconds();
      comparison.add_second_pass(a, b);
      add_cpu += thread_cpu_seconds() - c0;
      add_time += std::chrono::steady_clock::now() - t0;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    const RoutingStats routing_result = routing.result();
    const AssociationResult phone_result = phones.result();
    const CheckpointComparison comparison_result = comparison.result();
    const std::chrono::duration<double> result_time = std::chrono::steady_clock::now() - t0;
    const double result_cpu = thread_cpu_seconds() - c0;
    benchmark::DoNotOptimize(routing_result);
    benchmark::DoNotOptimize(phone_result);
    benchmark::DoNotOptimize(comparison_result);

    state.SetIterationTime(add_time.count() + result_time.count());
    state.counters["add_ms_per_utt"] = 1e3 * add_time.count() / double(utterances);
    state.counters["result_s"] = result_time.count();
    state.counters["add_cpu_ms_per_utt"] = 1e3 * add_cpu / double(utterances);
    state.counters["result_cpu_s"] = result_cpu;
    state.counters["reservoir_MiB"] = double(phones.reservoir_bytes()) / (1024.0 * 1024.0);
    state.counters["layer0_nmi"] = phone_result.layers[0].hard_summary.nmi;
    state.counters["layer0_p"] = phone_result.layers[0].permutation_test->p_value;
    state.counters["wer"] = wer.corpus_rate();
  }
  state.counters["peak_rss_before_MiB"] = rss_before;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

BENCHMARK(BM_StreamingAnalysis)
    ->Arg(1000)
    ->Arg(10000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace steerscope::analysis

BENCHMARK_MAIN();
