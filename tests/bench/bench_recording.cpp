// HDF5 recordings at realistic sizes (Whisper large: 32 layers, 1500 encoder frames of a 30 s window,
// 8 experts, 128 x 3000 log-mel; ~60 generated tokens, an 80-word tier). Figures reported:
//  - BM_WriteUtterance/deflate:N   time per utterance written and made durable (two flushes), and bytes
//                                  per utterance on disk, for deflate levels 0 (off), 1 (default) and 4;
//  - BM_ReadLayerAcrossUtterances  time to read one layer of 1,000 recorded utterances with the streaming
//                                  reader (RecordingReader::for_each_in_layer), and the same through
//                                  1,000 single-utterance reads (read_layer) for comparison;
//  - BM_ReadOneUtterance           everything of one utterance (the viewer case);
//  - BM_OpenRecording              opening the 1,000-utterance file (index and names).
// The 1,000-utterance files (deflate 1 and 0) are written once each (about 3 GB and 0.5-3 minutes each) in
// STEERSCOPE_BENCH_DIR or the temp directory and removed at exit; reads are from a warm page cache (the
// files were just written). Times are wall-clock.
//
//   bench_recording
//   bench_recording --benchmark_filter=Write

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"

namespace steerscope {
namespace {

constexpr int kLayers = 32, kExperts = 8, kDim = 1280, kMels = 128;
constexpr int64_t kFrames = 1500, kMelFrames = 3000;
constexpr size_t kCorpusUtterances = 1000;

// Scratch directory for the files written, removed at exit.
struct BenchDirectory {
  std::filesystem::path path;
  BenchDirectory() {
    const char* env = std::getenv("STEERSCOPE_BENCH_DIR");
    path = std::filesystem::path(env ? env : std::filesystem::temp_directory_path().string()) /
           ("steerscope-bench-recording-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~BenchDirectory() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
} bench_directory;

const std::filesystem::path& bench_dir() {
  return bench_directory.path;
}

ModelConstants constants() {
  ModelConstants c;
  c.layers = kLayers;
  c.experts = kExperts;
  c.dim = kDim;
  std::mt19937 rng(1);
  std::normal_distribution<float> n(0.0f, 0.02f);
  c.steering_vectors.resize(size_t(kLayers) * kExperts * kDim);
  for (auto& v : c.steering_vectors) v = n(rng);
  c.layer_scales.assign(kLayers, 0.1f);
  c.router_weight_norms.assign(size_t(kLayers) * kExperts, 1.0f);
  return c;
}

// Data shaped like the real thing, so that compression figures mean something: router logits are a
// per-expert bias plus noise that drifts slowly over frames (routing is sticky), softmaxed; the log-mel
// is a slowly varying spectrum plus noise, in Whisper's range after its 8 dB floor.
UtteranceRecord synthesise(uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0.0f, 1.0f);
  UtteranceRecord u;
  u.source_path = "/data/LibriSpeech/test-clean/1089/134686/1089-134686-0000.flac";
  u.source_sha256 = std::string(64, 'f');
  u.source_sample_rate = 16000;
  u.duration_s = 30.0;
  u.speaker = "1089";
  u.reference_text = "he hoped there would be stew for dinner turnips and carrots and bruised potatoes";
  u.log_mel = FloatMatrix(kMels, kMelFrames);
  for (int m = 0; m < kMels; ++m) {
    float level = -0.5f + 0.01f * float(m % 17);
    for (int64_t t = 0; t < kMelFrames; ++t) {
      level = 0.98f * level + 0.02f * n(rng);
      u.log_mel.at(m, t) = std::clamp(level + 0.1f * n(rng), -1.5f, 1.5f);
    }
  }
  for (int l = 0; l < kLayers; ++l) {
    RouterTrace t;
    t.layer = l;
    t.valid_frames = kFrames;
    t.probs = FloatMatrix(kFrames, kExperts);
    t.delta_norm.resize(kFrames);
    float drift[kExperts], bias[kExperts];
    for (int e = 0; e < kExperts; ++e) {
      bias[e] = 1.5f * n(rng);
      drift[e] = 0.0f;
    }
    for (int64_t f = 0; f < kFrames; ++f) {
      float sum = 0.0f;
      for (int e = 0; e < kExperts; ++e) {
        drift[e] = 0.9f * drift[e] + 0.4f * n(rng);
        sum += (t.probs.at(f, e) = std::exp(bias[e] + drift[e]));
      }
      for (int e = 0; e < kExperts; ++e) t.probs.at(f, e) /= sum;
      t.delta_norm[size_t(f)] = 0.05f + 0.01f * std::abs(n(rng));
    }
    u.layers.push_back(std::move(t));
  }
  GeneratedText out;
  out.prompt = "Transcribe the audio.";
  out.text = "HE HOPED THERE WOULD BE STEW FOR DINNER TURNIPS AND CARROTS AND BRUISED POTATOES";
  for (int i = 0; i < 60; ++i) {
    out.token_ids.push_back(int64_t(rng() % 151936));
    out.token_logprobs.push_back(-std::abs(n(rng)));
  }
  out.encoder_ms = 180;
  out.first_token_ms = 25;
  out.total_ms = 900;
  u.output = out;
  AlignmentTier words{"words", AlignmentTier::Kind::kInterval, {}};
  for (int i = 0; i < 80; ++i)
    words.items.push_back({i * 0.375, (i + 1) * 0.375, "word" + std::to_string(i)});
  u.tiers.push_back(std::move(words));
  return u;
}

// A few distinct utterances, reused with new ids (synthesis is not what is measured).
const std::vector<UtteranceRecord>& pool() {
  static const std::vector<UtteranceRecord> p = [] {
    std::vector<UtteranceRecord> v;
    for (uint32_t s = 0; s < 4; ++s) v.push_back(synthesise(s + 1));
    return v;
  }();
  return p;
}

RunInfo run_info() {
  RunInfo r;
  r.tool_version = "bench";
  r.dtype = "bf16";
  r.device = "cuda:0";
  return r;
}

void BM_WriteUtterance(benchmark::State& state) {
  const int level = int(state.range(0));
  const auto path = (bench_dir() / ("write-" + std::to_string(level) + ".h5")).string();
  std::filesystem::remove(path);
  RecordingOptions o;
  o.n_mels = kMels;
  o.deflate_level = level;
  auto writer = RecordingWriter::create(path, run_info(), constants(), o);
  const uintmax_t empty_size = std::filesystem::file_size(path);
  std::vector<UtteranceRecord> utts = pool();
  size_t n = 0;
  for (auto _ : state) {
    UtteranceRecord& u = utts[n % utts.size()];
    u.id = "utt" + std::to_string(n++);
    writer.write(u);
  }
  writer.close();
  const double bytes = double(std::filesystem::file_size(path) - empty_size) / double(n);
  state.counters["MB_per_utt"] = bytes / 1e6;
  state.SetBytesProcessed(int64_t(n) * int64_t(bytes));
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteUtterance)
    ->ArgName("deflate")
    ->Arg(0)
    ->Arg(1)
    ->Arg(4)
    ->Iterations(150)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The 1,000-utterance recordings (deflate level 0 and 1, the default), each written on first use.
const std::string& corpus(int deflate_level) {
  static std::string paths[2];
  std::string& path = paths[deflate_level ? 1 : 0];
  if (!path.empty()) return path;
  const auto p = (bench_dir() / ("corpus-deflate" + std::to_string(deflate_level) + ".h5")).string();
  RecordingOptions o;
  o.n_mels = kMels;
  o.deflate_level = deflate_level;
  auto writer = RecordingWriter::create(p, run_info(), constants(), o);
  std::vector<UtteranceRecord> utts = pool();
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kCorpusUtterances; ++i) {
    UtteranceRecord& u = utts[i % utts.size()];
    u.id = "utt" + std::to_string(i);
    writer.write(u);
  }
  writer.close();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double size = double(std::filesystem::file_size(p));
  std::printf(
      "corpus (deflate %d): %zu utterances, %.2f GB, %.2f MB per utterance, written in %.1f s (%.1f ms per "
      "utterance)\n",
      deflate_level, kCorpusUtterances, size / 1e9, size / 1e6 / double(kCorpusUtterances), s,
      s * 1e3 / double(kCorpusUtterances));
  std::fflush(stdout);
  path = p;
  return path;
}

void BM_ReadLayerAcrossUtterances(benchmark::State& state) {
  RecordingReader reader(corpus(int(state.range(0))));
  const int layer = kLayers / 2;
  const bool streamed = state.range(1) == 1;
  double checksum = 0;
  for (auto _ : state) {
    size_t count = 0;
    if (streamed) {
      reader.for_each_in_layer(layer, [&](size_t, const RouterTrace& t) {
        checksum += t.probs.values[0];
        ++count;
      });
    } else {
      for (size_t u = 0; u < reader.size(); ++u) {
        RouterTrace t = reader.read_layer(u, layer);
        checksum += t.probs.values[0];
        ++count;
      }
    }
    if (count != kCorpusUtterances) state.SkipWithError("wrong utterance count");
  }
  benchmark::DoNotOptimize(checksum);
  state.SetLabel(streamed ? "for_each_in_layer" : "read_layer x1000");
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(kCorpusUtterances) * kFrames * kExperts * 4);
}
BENCHMARK(BM_ReadLayerAcrossUtterances)
    ->ArgNames({"deflate", "streamed"})
    ->Args({1, 1})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({0, 0})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_ReadOneUtterance(benchmark::State& state) {
  RecordingReader reader(corpus(int(state.range(0))));
  size_t u = 0;
  for (auto _ : state) {
    UtteranceRecord r = reader.read(u);
    benchmark::DoNotOptimize(r.layers.back().probs.values.data());
    u = (u + 97) % reader.size();
  }
  state.SetLabel("32 layers + log-mel + tokens + tiers");
}
BENCHMARK(BM_ReadOneUtterance)
    ->ArgName("deflate")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_OpenRecording(benchmark::State& state) {
  const std::string& path = corpus(1);
  for (auto _ : state) {
    RecordingReader reader(path);
    benchmark::DoNotOptimize(reader.size());
  }
}
BENCHMARK(BM_OpenRecording)->Iterations(10)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace steerscope

BENCHMARK_MAIN();
