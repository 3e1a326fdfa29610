// What recording costs (DESIGN.md §3), measured in one run on this machine with random weights of real
// shapes (core/model/random_weights.h):
//  1. the pipeline per utterance without recording (decode the audio file, log-mel, steered encoder) and
//     with CorpusRecorder writing everything to a recording (hashing the file, keeping the log-mel,
//     copying the router traces, compressing and flushing), as wall time and the overhead in percent;
//     the two are interleaved repetition by repetition so that load from other processes hits both alike;
//  2. the bytes per utterance on disk;
//  3. the time to read one layer across 1,000 recorded utterances (RecordingReader::for_each_in_layer),
//     from a file of 1,000 copies of the recorded utterances under distinct ids.
// The decoder is left out: it would add the same time to both sides and make the overhead look smaller.
//
// Default shapes are Whisper-small's (12 layers, width 768, 12 heads, ffn 3072, 80 mels) with 8 experts:
// Whisper-large-v3 (32 layers, width 1280, 20 heads, ffn 5120, 128 mels) takes ~20 s per 30 s window on a
// 2-core VM, and a smaller encoder is the harder case for the overhead (less compute per byte recorded).
//
//   bench_record [--layers L --width D --heads H --ffn F --mels M --experts E] [--utterances N]
//                [--reps R] [--deflate Z] [--threads T] [--corpus-utterances 1000]
// Files go to STEERSCOPE_BENCH_DIR or the temp directory and are removed at exit.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/io/recording_reader.h"
#include "core/model/random_weights.h"
#include "core/pipeline/corpus_recorder.h"
#include "core/util/error.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU seconds of this process, all threads (LibTorch's pool and CorpusRecorder's writer): less sensitive
// than wall time to other processes competing for the cores.
double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

struct Args {
  int layers = 12, width = 768, heads = 12, ffn = 3072, mels = 80, experts = 8;
  int utterances = 4, reps = 3, deflate = 1, threads = 0;
  size_t corpus_utterances = 1000;
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (i + 1 >= argc) throw Error("bench_record: " + name + " needs a value");
    const long v = std::strtol(argv[++i], nullptr, 10);
    if (name == "--layers")
      a.layers = int(v);
    else if (name == "--width")
      a.width = int(v);
    else if (name == "--heads")
      a.heads = int(v);
    else if (name == "--ffn")
      a.ffn = int(v);
    else if (name == "--mels")
      a.mels = int(v);
    else if (name == "--experts")
      a.experts = int(v);
    else if (name == "--utterances")
      a.utterances = int(v);
    else if (name == "--reps")
      a.reps = int(v);
    else if (name == "--deflate")
      a.deflate = int(v);
    else if (name == "--threads")
      a.threads = int(v);
    else if (name == "--corpus-utterances")
      a.corpus_utterances = size_t(v);
    else
      throw Error("bench_record: unknown option " + name);
  }
  return a;
}

struct ScratchDir {
  fs::path path;
  ScratchDir() {
    const char* env = std::getenv("STEERSCOPE_BENCH_DIR");
    path = fs::path(env ? env : fs::temp_directory_path().string()) /
           ("steerscope-bench-record-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Speech-like test audio: a few harmonics with a wandering pitch, syllable-rate amplitude and noise.
void write_test_audio(const fs::path& path, double seconds, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.02f);
  std::vector<float> s(size_t(seconds * 16000));
  double phase = 0.0;
  for (size_t i = 0; i < s.size(); ++i) {
    const double t = double(i) / 16000.0;
    const double f0 = 140.0 + 40.0 * std::sin(2 * M_PI * 0.7 * t + seed);
    phase += 2 * M_PI * f0 / 16000.0;
    const double envelope = 0.5 + 0.5 * std::sin(2 * M_PI * 4.0 * t);
    double v = 0.0;
    for (int h = 1; h <= 5; ++h) v += std::sin(h * phase) / h;
    s[i] = float(0.2 * envelope * v) + noise(rng);
  }
  write_wav_pcm16(path.string(), s, 16000);
}

std::shared_ptr<const UtteranceEncoder> random_encoder(const Args& a) {
  WhisperConfig cfg;
  cfg.d_model = a.width;
  cfg.encoder_layers = a.layers;
  cfg.encoder_attention_heads = a.heads;
  cfg.encoder_ffn_dim = a.ffn;
  cfg.num_mel_bins = a.mels;
  cfg.max_source_positions = 1500;
  cfg.source = "bench_record";
  RandomTensorSource weights;
  add_random_whisper_encoder(weights, cfg);
  add_random_steering(weights, a.layers, a.experts, a.width, 896);
  auto steering =
      std::make_shared<const SteeringCheckpoint>(SteeringCheckpoint::from_source(weights, "random weights"));
  auto encoder = std::make_shared<const WhisperEncoder>(cfg, weights, ExecutionConfig{});
  auto steered = std::make_shared<const SteeredEncoder>(encoder, steering, PoolingConfig{});
  LogMelConfig mel;
  mel.n_mels = a.mels;
  return std::make_shared<const UtteranceEncoder>(steered, std::make_shared<const LogMelFrontEnd>(mel));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

int run(int argc, char** argv) {
  const Args a = parse_args(argc, argv);
  set_compute_threads(a.threads);
  ScratchDir dir;
  std::printf(
      "bench_record: encoder %d layers, width %d, %d heads, ffn %d, %d mels, %d experts (random weights), "
      "fp32 on CPU, %d threads; 30 s windows padded (Hugging Face); deflate %d\n",
      a.layers, a.width, a.heads, a.ffn, a.mels, a.experts, at::get_num_threads(), a.deflate);

  // Utterances of 8 to 28 s: one window each, as most corpus utterances are.
  std::vector<CorpusEntry> entries;
  double audio_s = 0.0;
  for (int i = 0; i < a.utterances; ++i) {
    const double seconds = 8.0 + 20.0 * i / std::max(1, a.utterances - 1);
    CorpusEntry s;
    s.id = "utt" + std::to_string(i);
    s.audio_path = (dir.path / (s.id + ".wav")).string();
    s.origin = s.audio_path;
    write_test_audio(s.audio_path, seconds, uint32_t(i + 1));
    audio_s += seconds;
    entries.push_back(s);
  }

  auto encoder = random_encoder(a);
  PipelineConfig config;
  CorpusRecorder recorder(encoder, config);
  RecordingOptions ropts = recorder.recording_options();
  ropts.deflate_level = a.deflate;
  ropts.overwrite = true;

  auto pipeline_only = [&] {
    for (const auto& s : entries) {
      AudioStream stream(s.audio_path, encoder->front_end().config().sample_rate);
      EncodeOptions eo;
      eo.padding = config.padding;
      encoder->encode(stream, eo);
    }
  };
  const fs::path recording = dir.path / "run.h5";
  auto with_recording = [&] {
    RecordingWriter w = RecordingWriter::create(recording.string(), recorder.describe_run(),
                                                recorder.model_constants(), ropts);
    recorder.record(entries, w);
    w.close();
  };
  pipeline_only();  // warm-up: oneDNN primitives, page cache
  std::vector<double> plain, recorded, plain_cpu, recorded_cpu;
  const double n = double(entries.size());
  for (int r = 0; r < a.reps; ++r) {
    auto t0 = Clock::now();
    double c0 = process_cpu_seconds();
    pipeline_only();
    plain.push_back(seconds_since(t0) / n);
    plain_cpu.push_back((process_cpu_seconds() - c0) / n);
    t0 = Clock::now();
    c0 = process_cpu_seconds();
    with_recording();
    recorded.push_back(seconds_since(t0) / n);
    recorded_cpu.push_back((process_cpu_seconds() - c0) / n);
    std::printf("  rep %d: pipeline %.3f s/utt (CPU %.3f s), with recording %.3f s/utt (CPU %.3f s)\n", r + 1,
                plain.back(), plain_cpu.back(), recorded.back(), recorded_cpu.back());
  }
  const double p = median(plain), w = median(recorded), pc = median(plain_cpu), wc = median(recorded_cpu);
  std::printf("\npipeline per utterance (%.1f s of audio on average), median of %d:\n", audio_s / n, a.reps);
  std::printf("                        wall        CPU\n");
  std::printf("  without recording  %8.3f s %8.3f s\n", p, pc);
  std::printf("  with recording     %8.3f s %8.3f s\n", w, wc);
  std::printf("  overhead           %+8.1f %% %+8.1f %%\n", 100.0 * (w - p) / p, 100.0 * (wc - pc) / pc);

  // What a synchronous write of one utterance costs by itself (hidden behind the next utterance's compute
  // by CorpusRecorder's overlap), and what is stored.
  std::vector<UtteranceRecord> records;
  for (const auto& s : entries) records.push_back(recorder.record_one(s));
  const fs::path timing = dir.path / "write-timing.h5";
  double write_s = 0.0;
  {
    RecordingWriter tw =
        RecordingWriter::create(timing.string(), recorder.describe_run(), recorder.model_constants(), ropts);
    for (const auto& u : records) {
      const auto t0 = Clock::now();
      tw.write(u);
      write_s += seconds_since(t0);
    }
    tw.close();
  }
  const double bytes = double(fs::file_size(recording)) / double(entries.size());
  std::printf(
      "  of which a synchronous write would take %.3f s (%.1f %% of the pipeline), overlapped with the next "
      "utterance\n",
      write_s / double(records.size()), 100.0 * write_s / double(records.size()) / p);
  std::printf(
      "\nbytes per utterance on disk: %.2f MB (log-mel %lld x %lld, %d layers x %lld frames x %d experts + "
      "delta norms)\n",
      bytes / 1e6, (long long)records[0].log_mel.rows, (long long)records[0].log_mel.cols, a.layers,
      (long long)records[0].layers[0].probs.rows, a.experts);

  // One layer across a corpus.
  const fs::path corpus = dir.path / "corpus.h5";
  {
    const auto t0 = Clock::now();
    RecordingWriter cw =
        RecordingWriter::create(corpus.string(), recorder.describe_run(), recorder.model_constants(), ropts);
    for (size_t i = 0; i < a.corpus_utterances; ++i) {
      UtteranceRecord u = records[i % records.size()];
      u.id = "corpus-" + std::to_string(i);
      cw.write(u);
    }
    cw.close();
    std::printf("\nwrote %zu utterances (%.2f GB) in %.1f s for the corpus read\n", a.corpus_utterances,
                double(fs::file_size(corpus)) / 1e9, seconds_since(t0));
  }
  const int layer = a.layers / 2;
  std::vector<double> reads;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = Clock::now();
    RecordingReader reader(corpus.string());
    double sum = 0.0;
    size_t n = 0;
    reader.for_each_in_layer(layer, [&](size_t, const RouterTrace& t) {
      sum += t.probs.values.empty() ? 0.0 : t.probs.values[0];
      ++n;
    });
    reads.push_back(seconds_since(t0));
    if (n != a.corpus_utterances) throw Error("bench_record: streamed " + std::to_string(n) + " utterances");
  }
  std::printf(
      "read layer %d across %zu utterances (open + for_each_in_layer, page cache warm): %.3f s (median of "
      "3)\n",
      layer, a.corpus_utterances, median(reads));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible when redirected to a log
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_record: %s\n", e.what());
    return 1;
  }
}
