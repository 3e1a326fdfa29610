#include "core/train/causal_lm_graph.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace steerscope {

CausalLmGraph::CausalLmGraph(const DecoderConfig& config, const ParameterStore& params, torch::ScalarType compute)
    : config_(config), p_(params), compute_(compute) {
  const auto inv = config.rope_inv_freq();
  inv_freq_ = torch::tensor(std::vector<float>(inv.begin(), inv.end()));
}

torch::Tensor CausalLmGraph::embed(const torch::Tensor& ids) const {
  return torch::embedding(p_.get("model.embed_tokens.weight"), ids).to(torch::kFloat);
}

torch::Tensor CausalLmGraph::rms_norm(const torch::Tensor& x, const std::string& weight) const {
  return x * torch::rsqrt(x.pow(2).mean(-1, true) + config_.rms_norm_eps) * p_.get(weight).to(torch::kFloat);
}

torch::Tensor CausalLmGraph::forward(const torch::Tensor& inputs) const { return head(hidden(inputs)); }

torch::Tensor CausalLmGraph::head(const torch::Tensor& hidden) const {
  const std::string weight = p_.contains("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
  return mixed_linear(hidden, p_.get(weight), {}, compute_);
}

CausalLmGraph::ScoredLogits CausalLmGraph::scored_logits(const torch::Tensor& inputs, const torch::Tensor& labels) const {
  const int64_t t = inputs.size(1);
  const auto targets = labels.narrow(1, 1, t - 1);
  const auto scored = targets != -100;  // [B, T-1]
  return {head(hidden(inputs).narrow(1, 0, t - 1).index({scored})), targets.index({scored})};
}

torch::Tensor CausalLmGraph::next_token_loss(const torch::Tensor& inputs, const torch::Tensor& labels) const {
  const auto s = scored_logits(inputs, labels);
  return torch::nn::functional::cross_entropy(s.logits, s.targets);
}

torch::Tensor CausalLmGraph::hidden(const torch::Tensor& inputs) const {
  const int64_t b = inputs.size(0), t = inputs.size(1), hd = config_.head_dim, nh = config_.num_heads,
                nkv = config_.num_kv_heads, groups = nh / nkv;
  auto angles = torch::arange(t, torch::kFloat).unsqueeze(1) * inv_freq_.unsqueeze(0);
  auto emb = torch::cat({angles, angles}, -1);
  auto cos = emb.cos(), sin = emb.sin();  // [T, hd], broadcast over [B, heads, T, hd]
  auto rotate = [&](const torch::Tensor& x) {
    const int64_t half = hd / 2;
    return x * cos + torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1) * sin;
  };
  auto mask = torch::full({t, t}, -std::numeric_limits<float>::infinity()).triu(1);
  const double scale = 1.0 / std::sqrt(double(hd));
  auto bias = [&](const std::string& name) { return p_.contains(name) ? p_.get(name) : torch::Tensor(); };

  torch::Tensor x = inputs.to(torch::kFloat);
  for (int l = 0; l < config_.num_layers; ++l) {
    const std::string lp = "model.layers." + std::to_string(l) + ".";
    auto a = rms_norm(x, lp + "input_layernorm.weight");
    auto q = mixed_linear(a, p_.get(lp + "self_attn.q_proj.weight"), bias(lp + "self_attn.q_proj.bias"), compute_)
                 .view({b, t, nh, hd}).transpose(1, 2);
    auto k = mixed_linear(a, p_.get(lp + "self_attn.k_proj.weight"), bias(lp + "self_attn.k_proj.bias"), compute_)
                 .view({b, t, nkv, hd}).transpose(1, 2);
    auto v = mixed_linear(a, p_.get(lp + "self_attn.v_proj.weight"), bias(lp + "self_attn.v_proj.bias"), compute_)
                 .view({b, t, nkv, hd}).transpose(1, 2);
    q = rotate(q);
    k = rotate(k);
    if (groups > 1) {
      k = k.repeat_interleave(groups, 1);
      v = v.repeat_interleave(groups, 1);
    }
    auto ctx = mixed_attention(q, k, v, scale, mask, compute_).transpose(1, 2).reshape({b, t, nh * hd});
    x = x + mixed_linear(ctx, p_.get(lp + "self_attn.o_proj.weight"), bias(lp + "self_attn.o_proj.bias"), compute_);
    auto m = rms_norm(x, lp + "post_attention_layernorm.weight");
    auto gate = mixed_linear(m, p_.get(lp + "mlp.gate_proj.weight"), bias(lp + "mlp.gate_proj.bias"), compute_);
    auto up = mixed_linear(m, p_.get(lp + "mlp.up_proj.weight"), bias(lp + "mlp.up_proj.bias"), compute_);
    x = x + mixed_linear(torch::silu(gate) * up, p_.get(lp + "mlp.down_proj.weight"), bias(lp + "mlp.down_proj.bias"), compute_);
  }
  return rms_norm(x, "model.norm.weight");
}

void CausalLmGraph::init(ParameterStore& p, const DecoderConfig& c, double std) {
  const int64_t h = c.hidden_size, inter = c.intermediate_size, nq = int64_t(c.num_heads) * c.head_dim,
                nkv = int64_t(c.num_kv_heads) * c.head_dim;
  // HF's _init_weights for Qwen2/LLaMA: normal(0, initializer_range) for matrices, zeros for biases, ones
  // for norms.
  p.init_normal("model.embed_tokens.weight", {c.vocab_size, h}, std);
  for (int l = 0; l < c.num_layers; ++l) {
    const std::string lp = "model.layers." + std::to_string(l) + ".";
    p.init_constant(lp + "input_layernorm.weight", {h}, 1.0);
    p.init_constant(lp + "post_attention_layernorm.weight", {h}, 1.0);
    p.init_normal(lp + "self_attn.q_proj.weight", {nq, h}, std);
    p.init_normal(lp + "self_attn.k_proj.weight", {nkv, h}, std);
    p.init_normal(lp + "self_attn.v_proj.weight", {nkv, h}, std);
    if (c.qkv_bias) {
      p.init_constant(lp + "self_attn.q_proj.bias", {nq}, 0.0);
      p.init_constant(lp + "self_attn.k_proj.bias", {nkv}, 0.0);
      p.init_constant(lp + "self_attn.v_proj.bias", {nkv}, 0.0);
    }
    p.init_normal(lp + "self_attn.o_proj.weight", {h, nq}, std);
    p.init_normal(lp + "mlp.gate_proj.weight", {inter, h}, std);
    p.init_normal(lp + "mlp.up_proj.weight", {inter, h}, std);
    p.init_normal(lp + "mlp.down_proj.weight", {h, inter}, std);
  }
  p.init_constant("model.norm.weight", {h}, 1.0);
  if (!c.tie_word_embeddings) p.init_normal("lm_head.weight", {c.vocab_size, h}, std);
}

void CausalLmGraph::write_config(const std::string& dir, const DecoderConfig& c, const std::vector<int64_t>& stop_ids,
                                 int64_t pad_id) {
  const nlohmann::ordered_json cfg = {{"architectures", {c.model_type == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"}},
                                      {"model_type", c.model_type},
                                      {"hidden_act", "silu"},
                                      {"hidden_size", c.hidden_size},
                                      {"intermediate_size", c.intermediate_size},
                                      {"num_hidden_layers", c.num_layers},
                                      {"num_attention_heads", c.num_heads},
                                      {"num_key_value_heads", c.num_kv_heads},
                                      {"max_position_embeddings", c.max_position_embeddings},
                                      {"max_window_layers", c.num_layers},
                                      {"rms_norm_eps", c.rms_norm_eps},
                                      {"rope_theta", c.rope_theta},
                                      {"sliding_window", nullptr},
                                      {"use_sliding_window", false},
                                      {"tie_word_embeddings", c.tie_word_embeddings},
                                      {"vocab_size", c.vocab_size},
                                      {"bos_token_id", c.bos_token_id},
                                      {"eos_token_id", stop_ids.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(stop_ids[0])},
                                      {"attention_dropout", 0.0},
                                      {"torch_dtype", "float32"},
                                      {"use_cache", true}};
  const nlohmann::ordered_json gen = {{"bos_token_id", c.bos_token_id}, {"eos_token_id", stop_ids}, {"pad_token_id", pad_id},
                                      {"do_sample", false}, {"max_new_tokens", 64}};
  for (const auto& [name, j] : {std::make_pair("config.json", cfg), std::make_pair("generation_config.json", gen)}) {
    std::ofstream out(dir + "/" + name);
    if (!out) throw Error(dir + "/" + name + ": cannot create");
    out << j.dump(2) << "\n";
  }
}

torch::Tensor shifted_cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels) {
  const int64_t v = logits.size(-1);
  auto pred = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, v});
  auto target = labels.narrow(1, 1, labels.size(1) - 1).reshape({-1});
  return torch::nn::functional::cross_entropy(pred, target, torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
}

}  // namespace steerscope
