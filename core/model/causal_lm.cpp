#include "core/model/causal_lm.h"

#include "core/io/safetensors_file.h"
#include "core/model/attention_kernel.h"
#include "core/model/tensor_loading.h"
#include "core/util/error.h"

namespace steerscope {

void DecoderState::truncate(int64_t length) {
  if (length < 0 || length > length_)
    throw Error("decoder state: cannot truncate " + std::to_string(length_) + " positions to " + std::to_string(length));
  length_ = length;
  if (length == 0) {
    k_.clear();
    v_.clear();
  }
}

int64_t DecoderState::bytes() const {
  int64_t b = 0;
  for (const auto& t : k_) b += t.numel() * t.element_size();
  for (const auto& t : v_) b += t.numel() * t.element_size();
  return b;
}

std::shared_ptr<const CausalLM> CausalLM::load(const std::string& dir, const ExecutionConfig& exec) {
  const DecoderConfig config = DecoderConfig::from_file(dir);
  SafetensorsCheckpoint weights(dir);
  return std::make_shared<const CausalLM>(config, weights, exec);
}

CausalLM::CausalLM(const DecoderConfig& config, const TensorSource& weights, const ExecutionConfig& exec)
    : config_(config), exec_(exec) {
  torch::NoGradGuard no_grad;
  const auto prefix = find_prefix(weights, "embed_tokens.weight");
  if (!prefix) throw Error(weights.description() + ": no decoder weights (no tensor named *embed_tokens.weight)");
  const std::string p = *prefix;  // "model." or "llm_decoder.model."
  const std::string base = p.size() >= 6 && p.compare(p.size() - 6, 6, "model.") == 0 ? p.substr(0, p.size() - 6) : "";
  const std::string cfg = config.source.empty() ? "config.json" : config.source;
  const int64_t h = config.hidden_size, inter = config.intermediate_size, hd = config.head_dim;
  const int64_t nq = config.num_heads * hd, nkv = config.num_kv_heads * hd, vocab = config.vocab_size;
  const auto ct = exec.scalar_type();

  auto load = [&](const std::string& name, std::vector<int64_t> shape, torch::ScalarType to = torch::kFloat) {
    auto t = load_checked(weights, name, shape, cfg, to);
    parameters_ += t.numel();
    return t;
  };
  auto linear = [&](const std::string& name, int64_t out, int64_t in, bool bias) {
    auto w = load(p + name + ".weight", {out, in}, ct);
    auto b = bias ? load(p + name + ".bias", {out}) : torch::Tensor();
    return PackedLinear(w, b, exec, PackedLinear::Layout::kGemv);
  };

  embed_ = load(p + "embed_tokens.weight", {vocab, h}, ct).to(exec.device);
  for (int l = 0; l < config.num_layers; ++l) {
    const std::string lp = "layers." + std::to_string(l) + ".";
    Layer L;
    L.input_norm = load(p + lp + "input_layernorm.weight", {h}).to(exec.device);
    L.post_norm = load(p + lp + "post_attention_layernorm.weight", {h}).to(exec.device);
    L.q = linear(lp + "self_attn.q_proj", nq, h, config.qkv_bias);
    L.k = linear(lp + "self_attn.k_proj", nkv, h, config.qkv_bias);
    L.v = linear(lp + "self_attn.v_proj", nkv, h, config.qkv_bias);
    L.o = linear(lp + "self_attn.o_proj", h, nq, config.o_bias);
    L.gate = linear(lp + "mlp.gate_proj", inter, h, config.mlp_bias);
    L.up = linear(lp + "mlp.up_proj", inter, h, config.mlp_bias);
    L.down = linear(lp + "mlp.down_proj", h, inter, config.mlp_bias);
    layers_.push_back(std::move(L));
  }
  norm_ = load(p + "norm.weight", {h}).to(exec.device);
  const std::string head = base + "lm_head.weight";
  if (weights.contains(head)) {
    lm_head_ = PackedLinear(load(head, {vocab, h}, ct), {}, exec, PackedLinear::Layout::kGemv);
  } else if (config.tie_word_embeddings) {
    lm_head_ = PackedLinear(embed_, {}, exec, PackedLinear::Layout::kGemv);  // shares storage
  } else {
    throw Error(weights.description() + ": tensor " + head + " is missing (and tie_word_embeddings is false in " + cfg + ")");
  }
  const auto inv = config.rope_inv_freq();
  inv_freq_ = torch::tensor(std::vector<float>(inv.begin(), inv.end()), torch::kFloat).to(exec.device);
}

int64_t CausalLM::bytes_per_token() const {
  int64_t b = lm_head_.weight_bytes() + norm_.numel() * 4;
  for (const auto& L : layers_)
    for (const PackedLinear* lin : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) b += lin->weight_bytes();
  return b;
}

torch::Tensor CausalLM::embed(const std::vector<int64_t>& ids) const {
  for (int64_t id : ids)
    if (id < 0 || id >= config_.vocab_size)
      throw Error("token id " + std::to_string(id) + " is outside the embedding table of " + std::to_string(config_.vocab_size) +
                  " rows (" + config_.source + ")");
  auto idx = torch::tensor(ids, torch::kLong).to(exec_.device);
  return embed_.index_select(0, idx).to(torch::kFloat);
}

torch::Tensor CausalLM::rms_norm(const torch::Tensor& x, const torch::Tensor& w) const {
  return x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + config_.rms_norm_eps) * w;
}

torch::Tensor CausalLM::rotate(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) const {
  // x [heads, T, hd]; rotate_half pairs dimension i with i + hd/2.
  const int64_t half = x.size(-1) / 2;
  auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

torch::Tensor CausalLM::forward(DecoderState& state, const torch::Tensor& inputs, bool all_logits) const {
  torch::NoGradGuard no_grad;
  const int64_t t = inputs.size(0), h = config_.hidden_size, hd = config_.head_dim;
  const int64_t nh = config_.num_heads, nkv = config_.num_kv_heads;
  if (inputs.dim() != 2 || inputs.size(1) != h)
    throw Error("decoder input has shape " + shape_string(inputs.sizes().vec()) + ", expected [T, " + std::to_string(h) +
                "] (hidden_size in " + config_.source + ")");
  const int64_t p0 = state.length_, end = p0 + t;
  if (end > config_.max_position_embeddings)
    throw Error("sequence of " + std::to_string(end) + " positions exceeds the decoder's context of " +
                std::to_string(config_.max_position_embeddings) + " (max_position_embeddings in " + config_.source + ")");

  // Grow the cache geometrically.
  const auto ct = exec_.scalar_type();
  if (state.k_.empty() || state.k_[0].size(1) < end) {
    const int64_t cap = std::max<int64_t>(end, state.k_.empty() ? 256 : 2 * state.k_[0].size(1));
    for (int l = 0; l < config_.num_layers; ++l) {
      auto k = torch::zeros({nkv, cap, hd}, torch::TensorOptions().dtype(ct).device(exec_.device));
      auto v = torch::zeros_like(k);
      if (!state.k_.empty() && p0 > 0) {
        k.narrow(1, 0, p0).copy_(state.k_[l].narrow(1, 0, p0));
        v.narrow(1, 0, p0).copy_(state.v_[l].narrow(1, 0, p0));
      }
      if (static_cast<int>(state.k_.size()) <= l) {
        state.k_.push_back(k);
        state.v_.push_back(v);
      } else {
        state.k_[l] = k;
        state.v_[l] = v;
      }
    }
  }

  auto positions = torch::arange(p0, end, torch::TensorOptions().dtype(torch::kFloat).device(exec_.device));
  auto angles = positions.unsqueeze(1) * inv_freq_.unsqueeze(0);  // [T, hd/2]
  auto emb = torch::cat({angles, angles}, -1);                      // [T, hd]
  auto cos = emb.cos().unsqueeze(0), sin = emb.sin().unsqueeze(0);  // [1, T, hd]
  const double scale = 1.0 / std::sqrt(double(hd));

  torch::Tensor x = inputs.to(exec_.device, torch::kFloat);
  for (int l = 0; l < config_.num_layers; ++l) {
    const Layer& L = layers_[size_t(l)];
    auto a = rms_norm(x, L.input_norm);
    auto q = L.q.forward(a).view({t, nh, hd}).transpose(0, 1);
    auto k = L.k.forward(a).view({t, nkv, hd}).transpose(0, 1);
    auto v = L.v.forward(a).view({t, nkv, hd}).transpose(0, 1);
    q = rotate(q, cos, sin) * scale;
    k = rotate(k, cos, sin);
    state.k_[size_t(l)].narrow(1, p0, t).copy_(k);
    state.v_[size_t(l)].narrow(1, p0, t).copy_(v);
    auto ctx = attention(q, state.k_[size_t(l)].narrow(1, 0, end), state.v_[size_t(l)].narrow(1, 0, end), /*causal=*/true,
                         exec_, config_.layer_uses_window(l) ? config_.sliding_window : 0);
    x = x + L.o.forward(ctx.transpose(0, 1).reshape({t, nh * hd}));
    auto b = rms_norm(x, L.post_norm);
    x = x + L.down.forward(torch::silu(L.gate.forward(b)) * L.up.forward(b));
  }
  state.length_ = end;
  x = rms_norm(all_logits ? x : x.narrow(0, t - 1, 1), norm_);
  return lm_head_.forward(x);
}

}  // namespace steerscope
