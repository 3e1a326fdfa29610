// steerscope-cli bench: throughput of this machine's matmul paths and of the steered encoder with random
// weights of real shapes (Whisper-large-v3 by default), all measured in one run so the ratios are honest.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/model/causal_lm.h"
#include "core/model/gemv_kernel.h"
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

// Read bandwidth of main memory: sums a buffer far larger than the caches with all threads.
double read_bandwidth_gbs() {
  const size_t n = (size_t(1) << 30) / sizeof(uint64_t);  // 1 GiB
  std::vector<uint64_t> buf(n);
  at::parallel_for(0, int64_t(n), 1 << 16, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) buf[size_t(i)] = uint64_t(i) * 2654435761u;
  });
  double best = 0.0;
  volatile uint64_t sink = 0;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<uint64_t> total{0};
    at::parallel_for(0, int64_t(n), 1 << 16, [&](int64_t b, int64_t e) {
      uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int64_t i = b;
      for (; i + 4 <= e; i += 4) {
        a0 += buf[size_t(i)];
        a1 += buf[size_t(i) + 1];
        a2 += buf[size_t(i) + 2];
        a3 += buf[size_t(i) + 3];
      }
      for (; i < e; ++i) a0 += buf[size_t(i)];
      total += a0 + a1 + a2 + a3;
    });
    sink = sink + total.load();
    best = std::max(best, double(n * sizeof(uint64_t)) / seconds_since(t0) / 1e9);
  }
  return best;
}

DecoderConfig qwen25_config(const std::string& size) {
  DecoderConfig c;
  c.model_type = "qwen2";
  c.qkv_bias = true;
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 1e6;
  c.max_position_embeddings = 32768;
  c.vocab_size = 151936;
  c.tie_word_embeddings = true;
  if (size == "0.5b") { c.hidden_size = 896; c.intermediate_size = 4864; c.num_layers = 24; c.num_heads = 14; c.num_kv_heads = 2; }
  else if (size == "1.5b") { c.hidden_size = 1536; c.intermediate_size = 8960; c.num_layers = 28; c.num_heads = 12; c.num_kv_heads = 2; }
  else if (size == "3b") { c.hidden_size = 2048; c.intermediate_size = 11008; c.num_layers = 36; c.num_heads = 16; c.num_kv_heads = 2; }
  else if (size == "7b") { c.hidden_size = 3584; c.intermediate_size = 18944; c.num_layers = 28; c.num_heads = 28; c.num_kv_heads = 4; c.vocab_size = 152064; c.tie_word_embeddings = false; }
  else throw UsageError("unknown model size '" + size + "' (0.5b, 1.5b, 3b, 7b)");
  c.head_dim = c.hidden_size / c.num_heads;
  c.source = "Qwen2.5-" + size + " shapes";
  return c;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  for (char ch : s + ",") {
    if (ch == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += ch;
    }
  }
  return out;
}

int bench_decoder(const ArgParser& args) {
  std::vector<std::string> sizes = split_list(args.get("models"));
  if (args.has("7b")) sizes.push_back("7b");
  const int prompt = static_cast<int>(args.get_int("prompt-tokens"));
  const int steps = static_cast<int>(args.get_int("decode-tokens"));
  std::printf("machine: %d threads, GEMV kernels: fp32 %s, bf16 %s\n", at::get_num_threads(),
              gemv_has_avx512() ? "AVX-512" : "LibTorch fallback", gemv_has_avx512_bf16() ? "AVX512-BF16" : "LibTorch fallback");
  const double bandwidth = read_bandwidth_gbs();
  std::printf("memory read bandwidth: %.1f GB/s (1 GiB buffer, all threads, best of 5)\n\n", bandwidth);
  std::printf("%-6s %-5s %10s %14s %14s %12s %10s %10s\n", "model", "dtype", "weights", "prefill tok/s", "decode tok/s",
              "MB/token", "GB/s", "of bandw.");
  for (const auto& size : sizes) {
    const DecoderConfig cfg = qwen25_config(size);
    RandomTensorSource weights;
    add_random_decoder(weights, cfg);
    for (const auto& dtype : split_list(args.get("dtypes"))) {
      if (size == "7b" && dtype == "fp32") {
        std::printf("%-6s %-5s (skipped: 30 GB of fp32 weights do not fit in memory)\n", size.c_str(), dtype.c_str());
        continue;
      }
      const ExecutionConfig exec = ExecutionConfig::parse("cpu", dtype);
      CausalLM lm(cfg, weights, exec);
      torch::manual_seed(0);
      auto inputs = torch::randn({prompt, cfg.hidden_size}) * 0.02;
      DecoderState warm;
      lm.forward(warm, inputs.narrow(0, 0, 8));  // oneDNN primitive creation for the shapes below
      lm.forward(warm, lm.embed({1}));
      DecoderState state;
      auto t0 = std::chrono::steady_clock::now();
      auto logits = lm.forward(state, inputs);
      const double prefill_s = seconds_since(t0);
      int64_t token = logits.argmax().item<int64_t>();
      t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < steps; ++i) token = lm.forward(state, lm.embed({token % cfg.vocab_size})).argmax().item<int64_t>();
      const double decode_s = seconds_since(t0);
      const double tok_s = steps / decode_s;
      const double bytes = double(lm.bytes_per_token());
      const double gbs = bytes * tok_s / 1e9;
      std::printf("%-6s %-5s %8.2fGB %14.1f %14.1f %12.1f %10.1f %9.0f%%\n", size.c_str(), dtype.c_str(),
                  double(lm.parameter_count()) * (exec.dtype == ComputeDType::kBF16 ? 2 : 4) / 1e9, prompt / prefill_s, tok_s,
                  bytes / 1e6, gbs, 100.0 * gbs / bandwidth);
    }
  }
  std::printf("\n(prefill: %d tokens in one pass; decode: %d single-token steps with the KV cache; MB/token: weights "
              "read per decoding step)\n", prompt, steps);
  return 0;
}

int run_bench(int argc, char** argv) {
  ArgParser args("bench", "Measure this machine with random weights of real shapes. encoder: GEMM throughput of the "
                 "fp32 (oneDNN) and bf16 paths, then the steered encoder (Whisper-large-v3 shapes by default) in "
                 "seconds per 30 s window and GFLOP/s as a fraction of the measured GEMM throughput. decoder: memory "
                 "read bandwidth, then Qwen2.5 prefill and decode speed and the bandwidth decoding achieves.");
  args.add_positional("what", "encoder | decoder");
  args.add_option("layers", "L", "encoder layers", "32");
  args.add_option("width", "D", "encoder width d_model", "1280");
  args.add_option("heads", "H", "attention heads", "20");
  args.add_option("ffn", "F", "feed-forward width", "5120");
  args.add_option("mels", "M", "mel bins", "128");
  args.add_option("experts", "E", "steering experts", "8");
  args.add_option("llm-hidden", "H", "projector output width (Qwen2.5-7B: 3584)", "3584");
  args.add_option("windows", "N", "timed 30 s windows per dtype (after one warm-up)", "2");
  args.add_option("dtypes", "LIST", "comma-separated: fp32,bf16", "bf16,fp32");
  args.add_option("threads", "N", "CPU threads (0 = all cores)", "0");
  args.add_option("models", "LIST", "decoder: Qwen2.5 shapes to build, comma-separated (0.5b, 1.5b, 3b, 7b)", "0.5b,1.5b");
  args.add_flag("7b", "decoder: also Qwen2.5-7B shapes (15 GB of bf16 weights)");
  args.add_option("prompt-tokens", "N", "decoder: prefill length (375 audio prompts + text)", "400");
  args.add_option("decode-tokens", "N", "decoder: timed decoding steps", "64");
  if (!args.parse(argc, argv)) return 0;
  set_compute_threads(static_cast<int>(args.get_int("threads")));
  if (args.get("what") == "decoder") return bench_decoder(args);
  if (args.get("what") != "encoder") throw UsageError("bench: unknown target '" + args.get("what") + "' (expected encoder or decoder)");

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
