#include "core/model/whisper_encoder.h"

#include "core/io/safetensors_file.h"
#include "core/model/attention_kernel.h"
#include "core/model/tensor_loading.h"
#include "core/util/error.h"

namespace steerscope {

torch::Tensor conv1d_k3_windows(const torch::Tensor& x, int stride) {
  const int64_t c = x.size(1);
  auto padded = torch::constant_pad_nd(x, {0, 0, 1, 1});  // one zero frame before and after
  auto win = padded.unfold(0, 3, stride);                  // [T_out, C, 3]
  return win.reshape({win.size(0), c * 3});
}

std::shared_ptr<const WhisperEncoder> WhisperEncoder::load(const std::string& dir, const ExecutionConfig& exec) {
  const WhisperConfig config = WhisperConfig::from_file(dir);
  SafetensorsCheckpoint weights(dir);
  return std::make_shared<const WhisperEncoder>(config, weights, exec);
}

WhisperEncoder::WhisperEncoder(const WhisperConfig& config, const TensorSource& weights, const ExecutionConfig& exec)
    : config_(config), exec_(exec), weights_description_(weights.description()) {
  torch::NoGradGuard no_grad;
  const auto prefix_opt = find_prefix(weights, "conv1.weight");
  if (!prefix_opt)
    throw Error(weights.description() + ": no Whisper encoder weights (no tensor named *conv1.weight)");
  const std::string p = *prefix_opt;
  const int64_t d = config.d_model, m = config.num_mel_bins, f = config.encoder_ffn_dim;
  const std::string cfg = config.source.empty() ? "config.json" : config.source;
  auto load = [&](const std::string& name, std::vector<int64_t> shape) {
    auto t = load_checked(weights, p + name, shape, cfg);
    parameters_ += t.numel();
    return t;
  };
  auto dev = [&](torch::Tensor t) { return t.to(exec.device); };

  // Loads weight before bias so that a shape error names the weight, which says the most.
  auto linear = [&](const std::string& name, std::vector<int64_t> weight_shape, bool bias) {
    auto w = load(name + ".weight", weight_shape);
    auto b = bias ? load(name + ".bias", {weight_shape[0]}) : torch::Tensor();
    return PackedLinear(w.reshape({weight_shape[0], -1}), b, exec);
  };

  conv1_ = linear("conv1", {d, m, 3}, true);
  conv2_ = linear("conv2", {d, d, 3}, true);
  positions_ = dev(load("embed_positions.weight", {config.max_source_positions, d}));
  for (int l = 0; l < config.encoder_layers; ++l) {
    const std::string lp = "layers." + std::to_string(l) + ".";
    Layer L;
    L.q = linear(lp + "self_attn.q_proj", {d, d}, true);
    L.k = linear(lp + "self_attn.k_proj", {d, d}, false);
    L.v = linear(lp + "self_attn.v_proj", {d, d}, true);
    L.out = linear(lp + "self_attn.out_proj", {d, d}, true);
    L.ln1_w = dev(load(lp + "self_attn_layer_norm.weight", {d}));
    L.ln1_b = dev(load(lp + "self_attn_layer_norm.bias", {d}));
    L.ln2_w = dev(load(lp + "final_layer_norm.weight", {d}));
    L.ln2_b = dev(load(lp + "final_layer_norm.bias", {d}));
    L.fc1 = linear(lp + "fc1", {f, d}, true);
    L.fc2 = linear(lp + "fc2", {d, f}, true);
    layers_.push_back(std::move(L));
  }
  ln_w_ = dev(load("layer_norm.weight", {d}));
  ln_b_ = dev(load("layer_norm.bias", {d}));
}

torch::Tensor WhisperEncoder::embed(const torch::Tensor& mel) const {
  if (mel.dim() != 2 || mel.size(0) != config_.num_mel_bins)
    throw Error("encoder input has shape " + shape_string(mel.sizes().vec()) + ", expected [" +
                std::to_string(config_.num_mel_bins) + ", frames] (num_mel_bins in " + config_.source + ")");
  const int64_t frames_out = (mel.size(1) + 1) / 2;
  if (frames_out > config_.max_source_positions)
    throw Error("log-mel window of " + std::to_string(mel.size(1)) + " frames gives " + std::to_string(frames_out) +
                " encoder frames, more than max_source_positions " + std::to_string(config_.max_source_positions) +
                " in " + config_.source);
  auto x = mel.to(exec_.device, torch::kFloat).t().contiguous();        // [F, n_mels]
  x = torch::gelu(conv1_.forward(conv1d_k3_windows(x, 1)));             // [F, D]
  x = torch::gelu(conv2_.forward(conv1d_k3_windows(x, 2)));             // [ceil(F/2), D]
  return x + positions_.narrow(0, 0, x.size(0));
}

torch::Tensor WhisperEncoder::layer(int index, const torch::Tensor& x) const {
  const Layer& L = layers_.at(static_cast<size_t>(index));
  const int64_t t = x.size(0), d = config_.d_model, h = config_.encoder_attention_heads, hd = config_.head_dim();
  const double scale = 1.0 / std::sqrt(double(hd));

  auto a = torch::layer_norm(x, {d}, L.ln1_w, L.ln1_b, 1e-5);
  auto q = (L.q.forward_compute(a) * scale).view({t, h, hd}).transpose(0, 1);
  auto k = L.k.forward_compute(a).view({t, h, hd}).transpose(0, 1);
  auto v = L.v.forward_compute(a).view({t, h, hd}).transpose(0, 1);
  auto ctx = attention(q, k, v, /*causal=*/false, exec_).transpose(0, 1).reshape({t, d});
  auto hidden = x + L.out.forward(ctx);

  auto b = torch::layer_norm(hidden, {d}, L.ln2_w, L.ln2_b, 1e-5);
  return hidden + L.fc2.forward(torch::gelu(L.fc1.forward_compute(b)));
}

torch::Tensor WhisperEncoder::final_norm(const torch::Tensor& x) const {
  return torch::layer_norm(x, {config_.d_model}, ln_w_, ln_b_, 1e-5);
}

double WhisperEncoder::flops(int64_t frames) const {
  const double d = config_.d_model, f = config_.encoder_ffn_dim, m = config_.num_mel_bins, t = double(frames);
  const double stem = 2.0 * (2 * t) * (m * 3) * d + 2.0 * t * (d * 3) * d;
  const double per_layer = 2.0 * t * (4 * d * d + 2 * d * f) + 4.0 * t * t * d;
  return stem + config_.encoder_layers * per_layer;
}

}  // namespace steerscope
