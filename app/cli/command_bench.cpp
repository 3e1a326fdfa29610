// steerscope-cli bench: throughput of this machine's matmul paths and of the steered encoder with random
// weights of real shapes (Whisper-large-v3 by default), all measured in one run so the ratios are honest.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/model/random_weights.h"
#include "core/model/steered_encoder.h"
#include "core/util/error.h"

namespace steerscope::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Repeats f for at least min_seconds (after one warm-up call); returns seconds per call.
template <typename F>
double time_per_call(F&& f, double min_seconds, int min_calls = 1) {
  f();
  int calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  do {
    f();
    ++calls;
  } while (calls < min_calls || seconds_since(t0) < min_seconds);
  return seconds_since(t0) / calls;
}

// GEMM throughput through the same PackedLinear path the models use, at an encoder-like shape.
double gemm_gflops(ComputeDType dtype, int64_t m, int64_t k, int64_t n) {
  torch::NoGradGuard no_grad;
  ExecutionConfig exec;
  exec.dtype = dtype;
  PackedLinear lin(torch::randn({n, k}) * 0.02, torch::zeros({n}), exec);
  auto x = torch::randn({m, k}).to(exec.scalar_type());
  const double s = time_per_call([&] { lin.forward_compute(x); }, 1.5, 3);
  return 2.0 * m * k * n / s / 1e9;
}

int run_bench(int argc, char** argv) {
  ArgParser args("bench", "Measure this machine: GEMM throughput of the fp32 (oneDNN) and bf16 paths, then the "
                 "steered encoder with random weights of real shapes, in seconds per window and achieved GFLOP/s "
                 "as a fraction of the measured GEMM throughput.");
  args.add_positional("what", "encoder");
  args.add_option("layers", "L", "encoder layers", "32");
  args.add_option("width", "D", "encoder width d_model", "1280");
  args.add_option("heads", "H", "attention heads", "20");
  args.add_option("ffn", "F", "feed-forward width", "5120");
  args.add_option("mels", "M", "mel bins", "128");
  args.add_option("experts", "E", "steering experts", "8");
  args.add_option("llm-hidden", "H", "projector output width (Qwen2.5-7B: 3584)", "3584");
  args.add_option("windows", "N", "timed 30 s windows per dtype (after one warm-up)", "2");
  args.add_option("dtypes", "LIST", "comma-separated: fp32,bf16", "fp32,bf16");
  args.add_option("threads", "N", "CPU threads (0 = all cores)", "0");
  if (!args.parse(argc, argv)) return 0;
  if (args.get("what") != "encoder") throw UsageError("bench: unknown target '" + args.get("what") + "' (expected encoder)");
  set_compute_threads(static_cast<int>(args.get_int("threads")));

  WhisperConfig cfg;
  cfg.d_model = static_cast<int>(args.get_int("width"));
  cfg.encoder_layers = static_cast<int>(args.get_int("layers"));
  cfg.encoder_attention_heads = static_cast<int>(args.get_int("heads"));
  cfg.encoder_ffn_dim = static_cast<int>(args.get_int("ffn"));
  cfg.num_mel_bins = static_cast<int>(args.get_int("mels"));
  cfg.max_source_positions = 1500;
  cfg.source = "bench";
  const int experts = static_cast<int>(args.get_int("experts"));
  const int windows = static_cast<int>(args.get_int("windows"));
  if (cfg.d_model % cfg.encoder_attention_heads) throw UsageError("--heads must divide --width");

  std::printf("machine: %d threads, oneDNN %s\n", at::get_num_threads(), at::hasMKLDNN() ? "yes" : "no");
  const int64_t T = 1500;
  const double gemm_f32 = gemm_gflops(ComputeDType::kF32, T, cfg.d_model, cfg.encoder_ffn_dim);
  const double gemm_b16 = gemm_gflops(ComputeDType::kBF16, T, cfg.d_model, cfg.encoder_ffn_dim);
  std::printf("GEMM [%lld x %d] x [%d x %d]: fp32 (oneDNN) %.1f GFLOP/s, bf16 %.1f GFLOP/s\n\n",
              static_cast<long long>(T), cfg.d_model, cfg.d_model, cfg.encoder_ffn_dim, gemm_f32, gemm_b16);

  std::printf("encoder: %d layers, width %d, %d heads, ffn %d, %d mels, %d experts, projector -> %lld (random weights)\n",
              cfg.encoder_layers, cfg.d_model, cfg.encoder_attention_heads, cfg.encoder_ffn_dim, cfg.num_mel_bins, experts,
              static_cast<long long>(args.get_int("llm-hidden")));
  RandomTensorSource weights;
  add_random_whisper_encoder(weights, cfg);
  add_random_steering(weights, cfg.encoder_layers, experts, cfg.d_model, static_cast<int>(args.get_int("llm-hidden")));
  auto steering = std::make_shared<const SteeringCheckpoint>(SteeringCheckpoint::from_source(weights, "random weights"));

  const int64_t E = experts, D = cfg.d_model, Hl = args.get_int("llm-hidden");
  // Matmul FLOPs of one window: encoder (stem, projections, attention) + router + steering + projector.
  std::printf("%-6s %14s %12s %12s %14s\n", "dtype", "s/window", "x realtime", "GFLOP/s", "of GEMM peak");
  std::string list = args.get("dtypes") + ",";
  for (size_t pos = 0; (pos = list.find(',')) != std::string::npos; list.erase(0, pos + 1)) {
    const std::string name = list.substr(0, pos);
    if (name.empty()) continue;
    ExecutionConfig exec = ExecutionConfig::parse("cpu", name);
    auto encoder = std::make_shared<const WhisperEncoder>(cfg, weights, exec);
    SteeredEncoder steered(encoder, steering, PoolingConfig{});
    const double flops = encoder->flops(T) + cfg.encoder_layers * (2.0 * T * D * E * 2) + 2.0 * (T / 4) * D * Hl;
    auto mel = torch::randn({cfg.num_mel_bins, 2 * T}) * 0.5;
    const double s = time_per_call([&] { steered.encode_window(mel); }, 0.0, windows);
    const double gflops = flops / s / 1e9;
    const double peak = exec.dtype == ComputeDType::kBF16 ? gemm_b16 : gemm_f32;
    std::printf("%-6s %14.2f %12.2f %12.1f %13.0f%%\n", name.c_str(), s, 30.0 / s, gflops, 100.0 * gflops / peak);
  }
  return 0;
}

CommandRegistration reg{"bench", "Measure GEMM and steered-encoder throughput on this machine (random weights)", run_bench};

}  // namespace
}  // namespace steerscope::cli
