// `analyze` over a recording on disk: builds a recording of 10,000 utterances with RecordingWriter, then
// runs the analysis of the analyze command (analyze_corpus over a RecordingUtteranceSource: routing
// statistics, and the tier-label, phone-class and speaker associations with 199-permutation tests) over
// its first 1,000 and over all 10,000 utterances, each in a fresh process, and prints for each the wall
// and CPU time and the peak resident memory (getrusage ru_maxrss) of that process. The claim under test:
// the analysis streams, so its memory does not grow with the number of utterances. To tell the analysis'
// share from the reader's, a second child per size only streams the utterances through the source
// (read_only_rss_MiB): the difference between the two columns is what the analysis holds. (The reader
// loads its utterance index whole at open, about 150 bytes per utterance, and HDF5's caches grow as more
// of the file is read; both are in the read-only column.)
//
//   bench_analyze_recording                  # build in $STEERSCOPE_BENCH_DIR or /tmp, run, remove
//   bench_analyze_recording --keep           # keep the recording for the next run (reused if present)
//   bench_analyze_recording --analyze FILE N # one measurement (what the parent runs in each child)
//   bench_analyze_recording --read FILE N    # the read-only measurement
//
// Recording: 8 layers, 8 experts, D = 64, 2-8 s utterances at 50 Hz (100-400 frames), no log-mel, delta
// norms, deflate 1 (the default); an ARPAbet phone tier (phones of 3-8 frames), 40 speakers, a decoder
// output and a reference text. Layers 0-3 route by phone class (80% of frames), layers 4-7 ignore the
// audio. About 230 MiB on disk, written in about 35 s.

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/corpus_analysis.h"
#include "analysis/recording_utterance_source.h"
#include "analysis/seeded_random.h"
#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"

namespace steerscope::analysis {
namespace {

constexpr int kLayers = 8, kExperts = 8, kDim = 64;
constexpr size_t kUtterances = 10000;
const char* const kBenchMark = "bench_analyze_recording v1";
const std::vector<std::string> kPhones = {"AA1", "AE0", "IY1", "UW2", "P", "T", "K", "S",  "SH",
                                          "F",   "M",   "N",   "NG",  "L", "R", "W", "CH", "sil"};
const std::vector<std::string> kWords = {"the", "cat", "sat", "on", "mat", "a", "dog", "ran", "far", "away"};

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

ModelConstants constants() {
  SeededRandom random(3);
  ModelConstants c;
  c.layers = kLayers;
  c.experts = kExperts;
  c.dim = kDim;
  c.steering_vectors.resize(size_t(kLayers) * kExperts * kDim);
  for (auto& v : c.steering_vectors) v = float(int(random.uniform_below(2001)) - 1000) * 1e-4f;
  c.layer_scales.assign(kLayers, 0.1f);
  c.router_weight_norms.assign(size_t(kLayers) * kExperts, 1.0f);
  return c;
}

// Utterance `index`, a pure function of the index (so the file can be rebuilt identically).
void synthesize(size_t index, UtteranceRecord& u) {
  SeededRandom random(17, index);
  const int64_t frames = 100 + int64_t(random.uniform_below(301));
  u.id = "bench-" + std::to_string(index);
  u.source_path = "/corpus/" + u.id + ".flac";
  u.duration_s = double(frames) / 50.0;
  u.source_sample_rate = 16000;
  u.speaker = "spk" + std::to_string(index % 40);
  u.tiers.assign(1, AlignmentTier{});
  AlignmentTier& tier = u.tiers[0];
  tier.name = "phones";
  std::vector<int> phone_of_frame;
  while (int64_t(phone_of_frame.size()) < frames) {
    const int phone = int(random.uniform_below(kPhones.size()));
    const int64_t start = int64_t(phone_of_frame.size());
    const int64_t length = std::min<int64_t>(3 + int64_t(random.uniform_below(6)), frames - start);
    tier.items.push_back({double(start) / 50.0, double(start + length) / 50.0, kPhones[size_t(phone)]});
    phone_of_frame.insert(phone_of_frame.end(), size_t(length), phone);
  }
  u.layers.resize(kLayers);
  for (int l = 0; l < kLayers; ++l) {
    RouterTrace& t = u.layers[size_t(l)];
    t.layer = l;
    t.frame_rate_hz = 50.0;
    t.valid_frames = frames;
    t.probs = FloatMatrix(frames, kExperts);
    t.delta_norm.resize(size_t(frames));
    for (int64_t i = 0; i < frames; ++i) {
      const bool informative = l < kLayers / 2 && random.uniform_below(10) < 8;
      const int dominant =
          informative ? (phone_of_frame[size_t(i)] * 3 + l) % kExperts : int(random.uniform_below(kExperts));
      const float peak = 0.4f + 0.05f * float(random.uniform_below(11));
      for (int e = 0; e < kExperts; ++e) t.probs.at(i, e) = (1.0f - peak) / float(kExperts - 1);
      t.probs.at(i, dominant) = peak;
      t.delta_norm[size_t(i)] = 0.1f * peak;
    }
  }
  u.reference_text.clear();
  for (int w = 0; w < 12; ++w)
    u.reference_text += (w ? " " : "") + kWords[random.uniform_below(kWords.size())];
  u.output = GeneratedText{};
  u.output->text = u.reference_text + (random.uniform_below(2) ? " um" : "");
}

bool usable(const std::string& path) {
  if (!std::filesystem::exists(path)) return false;
  try {
    RecordingReader r(path);
    auto it = r.run_info().extra.find("bench");
    return r.size() == kUtterances && it != r.run_info().extra.end() && it->second == kBenchMark;
  } catch (const std::exception&) {
    return false;
  }
}

void build(const std::string& path) {
  RunInfo run;
  run.tool_version = "bench";
  run.padding = "none";
  run.extra["bench"] = kBenchMark;
  RecordingOptions options;
  options.overwrite = true;
  const auto t0 = std::chrono::steady_clock::now();
  RecordingWriter writer = RecordingWriter::create(path, run, constants(), options);
  UtteranceRecord u;
  for (size_t i = 0; i < kUtterances; ++i) {
    synthesize(i, u);
    writer.write(u);
    if ((i + 1) % 1000 == 0) std::fprintf(stderr, "\rwriting %zu/%zu utterances", i + 1, kUtterances);
  }
  writer.close();
  const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
  std::fprintf(stderr, "\rwrote %zu utterances to %s in %.1f s (%.2f ms/utterance), %.0f MiB\n", kUtterances,
               path.c_str(), dt.count(), 1e3 * dt.count() / double(kUtterances),
               double(std::filesystem::file_size(path)) / (1024.0 * 1024.0));
}

// The analysis `analyze` runs by default (one permutation-test thread, for comparable CPU times).
CorpusAnalysisOptions analyze_options() {
  CorpusAnalysisOptions o;
  o.labellings.push_back({FrameLabelKind::kTierLabel, "phones"});
  o.labellings.push_back({FrameLabelKind::kPhoneClass, "phones"});
  o.labellings.push_back({FrameLabelKind::kSpeaker, "speakers"});
  o.association.permutations = 199;
  o.association.max_test_utterances = 1000;
  o.association.threads = 1;
  return o;
}

// Only streams the utterances through the source, to tell the reader's memory from the analysis'.
int measure_reading(const std::string& path, size_t utterances) {
  const auto t0 = std::chrono::steady_clock::now();
  RecordingReader reader(path);
  RecordingSourceOptions so;
  so.limit = utterances;
  RecordingUtteranceSource source(reader, so);
  UtteranceRecord u;
  int64_t frames = 0;
  while (source.next(u)) frames += u.layers.front().probs.rows;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
  std::cout << nlohmann::json(
                   {{"frames", frames}, {"wall_s", wall.count()}, {"peak_rss_mib", peak_rss_mib()}})
                   .dump()
            << std::endl;
  return 0;
}

int measure(const std::string& path, size_t utterances) {
  const double rss_start = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  RecordingReader reader(path);
  const double rss_open = peak_rss_mib();
  RecordingSourceOptions so;
  so.limit = utterances;
  RecordingUtteranceSource source(reader, so);
  const CorpusAnalysis a = analyze_corpus(source, analyze_options());
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - t0;
  nlohmann::json j = {{"utterances", a.utterances},
                      {"wall_s", wall.count()},
                      {"cpu_s", cpu_seconds() - c0},
                      {"peak_rss_at_start_mib", rss_start},
                      {"peak_rss_after_open_mib", rss_open},
                      {"peak_rss_mib", peak_rss_mib()},
                      {"layer0_phone_class_nmi", a.associations[1].layers[0].hard_summary.nmi},
                      {"layer0_phone_class_p", a.associations[1].layers[0].permutation_test->p_value},
                      {"layer7_phone_class_nmi", a.associations[1].layers[7].hard_summary.nmi},
                      {"wer", a.text.errors.rate()}};
  std::cout << j.dump() << std::endl;
  return 0;
}

std::string self_path() {
  std::vector<char> buf(4096);
  const ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), size_t(n)) : std::string("bench_analyze_recording");
}

nlohmann::json run_child(const std::string& mode, const std::string& path, size_t utterances) {
  const std::string command =
      "'" + self_path() + "' " + mode + " '" + path + "' " + std::to_string(utterances);
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (::pclose(p) != 0) throw std::runtime_error(command + " failed");
  return nlohmann::json::parse(out);
}

int main_impl(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--analyze") == 0) return measure(argv[2], std::stoul(argv[3]));
  if (argc == 4 && std::strcmp(argv[1], "--read") == 0) return measure_reading(argv[2], std::stoul(argv[3]));
  const bool keep = argc == 2 && std::strcmp(argv[1], "--keep") == 0;
  if (argc > 1 && !keep) {
    std::cerr << "usage: bench_analyze_recording [--keep] | --analyze FILE N | --read FILE N\n";
    return 2;
  }
  const char* env = std::getenv("STEERSCOPE_BENCH_DIR");
  const std::filesystem::path dir = env ? env : std::filesystem::temp_directory_path().string();
  const std::string path = (dir / "steerscope-bench-analyze-10000.h5").string();
  if (usable(path))
    std::fprintf(stderr, "reusing %s\n", path.c_str());
  else
    build(path);
  std::printf("%11s %9s %8s %16s %18s %14s %18s %10s %8s\n", "utterances", "wall_s", "cpu_s",
              "rss_at_start_MiB", "rss_after_open_MiB", "peak_rss_MiB", "read_only_rss_MiB", "nmi_l0",
              "p_l0");
  for (size_t n : {size_t(1000), kUtterances}) {
    const nlohmann::json j = run_child("--analyze", path, n);
    const nlohmann::json r = run_child("--read", path, n);
    std::printf("%11lld %9.2f %8.2f %16.1f %18.1f %14.1f %18.1f %10.4f %8.4f\n",
                static_cast<long long>(j["utterances"].get<int64_t>()), j["wall_s"].get<double>(),
                j["cpu_s"].get<double>(), j["peak_rss_at_start_mib"].get<double>(),
                j["peak_rss_after_open_mib"].get<double>(), j["peak_rss_mib"].get<double>(),
                r["peak_rss_mib"].get<double>(), j["layer0_phone_class_nmi"].get<double>(),
                j["layer0_phone_class_p"].get<double>());
  }
  if (!keep) std::filesystem::remove(path);
  return 0;
}

}  // namespace
}  // namespace steerscope::analysis

int main(int argc, char** argv) {
  try {
    return steerscope::analysis::main_impl(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "bench_analyze_recording: " << e.what() << "\n";
    return 1;
  }
}
