#include "core/train/whisper_encoder_graph.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace steerscope {

namespace {

// [B, T, C] -> [B, T_out, C*3]: the windows of a kernel-3, padding-1 convolution (channel-major, matching a
// [out, C, 3] weight flattened to [out, C*3]).
torch::Tensor conv_windows(const torch::Tensor& x, int stride) {
  auto padded = torch::constant_pad_nd(x, {0, 0, 1, 1});
  auto win = padded.unfold(1, 3, stride);  // [B, T_out, C, 3]
  return win.reshape({win.size(0), win.size(1), -1});
}

}  // namespace

torch::Tensor pool_frames(const torch::Tensor& x, const PoolingConfig& pooling) {
  if (pooling.type == PoolingConfig::Type::kNone || pooling.kernel <= 1) return x;
  const int64_t b = x.size(0), t = x.size(1), d = x.size(2), k = pooling.kernel, out = (t + k - 1) / k;
  torch::Tensor padded = out * k == t ? x : torch::constant_pad_nd(x, {0, 0, 0, out * k - t});
  auto grouped = padded.view({b, out, k, d});
  return pooling.type == PoolingConfig::Type::kMax ? std::get<0>(grouped.max(2)) : grouped.mean(2);
}

WhisperEncoderGraph::WhisperEncoderGraph(const WhisperConfig& config, const ParameterStore& params, torch::ScalarType compute)
    : config_(config), p_(params), compute_(compute) {}

torch::Tensor WhisperEncoderGraph::forward(const torch::Tensor& mel, const LayerHook& hook, const PoolingConfig& pooling,
                                           bool final_norm) const {
  const int64_t d = config_.d_model, h = config_.encoder_attention_heads, hd = config_.head_dim();
  const int L = config_.encoder_layers;
  const int pool_at = pooling.position(L);
  auto x = mel.to(torch::kFloat).transpose(1, 2);  // [B, F, n_mels]
  x = torch::gelu(mixed_linear(conv_windows(x, 1), p_.get("conv1.weight").reshape({d, -1}), p_.get("conv1.bias"), compute_));
  x = torch::gelu(mixed_linear(conv_windows(x, 2), p_.get("conv2.weight").reshape({d, -1}), p_.get("conv2.bias"), compute_));
  const int64_t b = x.size(0), t = x.size(1);
  if (t > config_.max_source_positions)
    throw Error("training window gives " + std::to_string(t) + " encoder frames, more than max_source_positions " +
                std::to_string(config_.max_source_positions));
  x = x + p_.get("embed_positions.weight").narrow(0, 0, t);
  const double scale = 1.0 / std::sqrt(double(hd));
  for (int l = 0; l < L; ++l) {
    const std::string lp = "layers." + std::to_string(l) + ".";
    const int64_t tl = x.size(1);
    auto a = torch::layer_norm(x, {d}, p_.get(lp + "self_attn_layer_norm.weight"), p_.get(lp + "self_attn_layer_norm.bias"), 1e-5);
    auto q = mixed_linear(a, p_.get(lp + "self_attn.q_proj.weight"), p_.get(lp + "self_attn.q_proj.bias"), compute_)
                 .view({b, tl, h, hd}).transpose(1, 2);
    auto k = mixed_linear(a, p_.get(lp + "self_attn.k_proj.weight"), {}, compute_).view({b, tl, h, hd}).transpose(1, 2);
    auto v = mixed_linear(a, p_.get(lp + "self_attn.v_proj.weight"), p_.get(lp + "self_attn.v_proj.bias"), compute_)
                 .view({b, tl, h, hd}).transpose(1, 2);
    auto ctx = mixed_attention(q, k, v, scale, {}, compute_).transpose(1, 2).reshape({b, tl, d});
    x = x + mixed_linear(ctx, p_.get(lp + "self_attn.out_proj.weight"), p_.get(lp + "self_attn.out_proj.bias"), compute_);
    auto f = torch::layer_norm(x, {d}, p_.get(lp + "final_layer_norm.weight"), p_.get(lp + "final_layer_norm.bias"), 1e-5);
    f = torch::gelu(mixed_linear(f, p_.get(lp + "fc1.weight"), p_.get(lp + "fc1.bias"), compute_));
    x = x + mixed_linear(f, p_.get(lp + "fc2.weight"), p_.get(lp + "fc2.bias"), compute_);
    if (hook) x = hook(l, x);
    if (l + 1 == pool_at) x = pool_frames(x, pooling);
  }
  return final_norm ? torch::layer_norm(x, {d}, p_.get("layer_norm.weight"), p_.get("layer_norm.bias"), 1e-5) : x;
}

void WhisperEncoderGraph::init(ParameterStore& p, const WhisperConfig& c) {
  const int64_t d = c.d_model, m = c.num_mel_bins, f = c.encoder_ffn_dim;
  // Conv1d default: kaiming-uniform(a=√5) over fan_in = in_channels * kernel.
  auto conv = [&](const std::string& name, int64_t out, int64_t in) {
    const double bound = 1.0 / std::sqrt(double(in * 3));
    p.set(name + ".weight", torch::empty({out, in, 3}).uniform_(-bound, bound));
    p.set(name + ".bias", torch::empty({out}).uniform_(-bound, bound));
  };
  conv("conv1", d, m);
  conv("conv2", d, d);
  // Whisper's sinusoidal table: [sin(t·inv) | cos(t·inv)], inv_i = exp(-ln(10000) i / (d/2 - 1)).
  auto t = torch::arange(c.max_source_positions, torch::kFloat).unsqueeze(1);
  auto inv = torch::exp(-std::log(10000.0) / (d / 2 - 1) * torch::arange(d / 2, torch::kFloat)).unsqueeze(0);
  p.set("embed_positions.weight", torch::cat({torch::sin(t * inv), torch::cos(t * inv)}, 1));
  for (int l = 0; l < c.encoder_layers; ++l) {
    const std::string lp = "layers." + std::to_string(l) + ".";
    p.init_linear(lp + "self_attn.q_proj", d, d, true);
    p.init_linear(lp + "self_attn.k_proj", d, d, false);
    p.init_linear(lp + "self_attn.v_proj", d, d, true);
    p.init_linear(lp + "self_attn.out_proj", d, d, true);
    p.init_constant(lp + "self_attn_layer_norm.weight", {d}, 1.0);
    p.init_constant(lp + "self_attn_layer_norm.bias", {d}, 0.0);
    p.init_constant(lp + "final_layer_norm.weight", {d}, 1.0);
    p.init_constant(lp + "final_layer_norm.bias", {d}, 0.0);
    p.init_linear(lp + "fc1", f, d, true);
    p.init_linear(lp + "fc2", d, f, true);
  }
  p.init_constant("layer_norm.weight", {d}, 1.0);
  p.init_constant("layer_norm.bias", {d}, 0.0);
}

void WhisperEncoderGraph::write_config(const std::string& dir, const WhisperConfig& c, double window_seconds) {
  const nlohmann::ordered_json cfg = {
      {"architectures", {"WhisperForConditionalGeneration"}},
      {"model_type", "whisper"},
      {"activation_function", "gelu"},
      {"d_model", c.d_model},
      {"encoder_layers", c.encoder_layers},
      {"encoder_attention_heads", c.encoder_attention_heads},
      {"encoder_ffn_dim", c.encoder_ffn_dim},
      // The decoder half is not part of a SteerMoE model; these mirror the encoder so that the file is a
      // complete WhisperConfig.
      {"decoder_layers", c.encoder_layers},
      {"decoder_attention_heads", c.encoder_attention_heads},
      {"decoder_ffn_dim", c.encoder_ffn_dim},
      {"num_hidden_layers", c.encoder_layers},
      {"num_mel_bins", c.num_mel_bins},
      {"max_source_positions", c.max_source_positions},
      {"max_target_positions", 448},
      {"scale_embedding", false},
      {"dropout", 0.0},
      {"attention_dropout", 0.0},
      {"activation_dropout", 0.0},
      {"vocab_size", 51865},
      {"torch_dtype", "float32"}};
  const int n_samples = static_cast<int>(std::lround(window_seconds * 16000));
  const nlohmann::ordered_json pre = {{"chunk_length", window_seconds},
                                      {"feature_extractor_type", "WhisperFeatureExtractor"},
                                      {"feature_size", c.num_mel_bins},
                                      {"hop_length", 160},
                                      {"n_fft", 400},
                                      {"n_samples", n_samples},
                                      {"nb_max_frames", n_samples / 160},
                                      {"padding_side", "right"},
                                      {"padding_value", 0.0},
                                      {"processor_class", "WhisperProcessor"},
                                      {"return_attention_mask", false},
                                      {"sampling_rate", 16000}};
  for (const auto& [name, j] : {std::make_pair("config.json", cfg), std::make_pair("preprocessor_config.json", pre)}) {
    std::ofstream out(dir + "/" + name);
    if (!out) throw Error(dir + "/" + name + ": cannot create");
    out << j.dump(2) << "\n";
  }
}

}  // namespace steerscope
