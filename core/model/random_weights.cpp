#include "core/model/random_weights.h"

#include <cmath>
#include <cstring>
#include <random>

#include "core/util/error.h"

namespace steerscope {

void RandomTensorSource::add(const std::string& name, const std::vector<int64_t>& shape, float std) {
  if (std < 0) std = shape.empty() ? 1.0f : 1.0f / std::sqrt(float(shape.back()));
  tensors_[name] = Spec{shape, std};
}

std::vector<std::string> RandomTensorSource::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : tensors_) out.push_back(k);
  return out;
}

TensorView RandomTensorSource::view(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) throw Error("random weights: no tensor named " + name);
  int64_t n = 1;
  for (auto d : it->second.shape) n *= d;
  current_.resize(size_t(n));
  // Uniform values with the requested standard deviation: speed does not depend on the distribution, and
  // a 64-bit LCG fills billions of values quickly. Seeded per tensor name, so weights are reproducible.
  uint64_t state = seed_ ^ (std::hash<std::string>{}(name) * 0x9E3779B97F4A7C15ull);
  const float k = it->second.std * 1.7320508f / 2147483648.0f;  // uniform(-1,1) has std 1/sqrt(3)
  for (auto& out : current_) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const float f = float(int32_t(state >> 32)) * k;
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    out = static_cast<uint16_t>(bits >> 16);
  }
  TensorView v;
  v.name = name;
  v.dtype = DType::kBF16;
  v.dtype_label = "BF16";
  v.shape = it->second.shape;
  v.data = reinterpret_cast<const uint8_t*>(current_.data());
  v.nbytes = current_.size() * 2;
  v.file = "random weights";
  return v;
}

void add_random_whisper_encoder(RandomTensorSource& src, const WhisperConfig& c) {
  const int64_t d = c.d_model, f = c.encoder_ffn_dim;
  const std::string p = "model.encoder.";
  src.add(p + "conv1.weight", {d, c.num_mel_bins, 3}, 1.0f / std::sqrt(float(c.num_mel_bins * 3)));
  src.add(p + "conv1.bias", {d}, 0.02f);
  src.add(p + "conv2.weight", {d, d, 3}, 1.0f / std::sqrt(float(d * 3)));
  src.add(p + "conv2.bias", {d}, 0.02f);
  src.add(p + "embed_positions.weight", {c.max_source_positions, d}, 0.02f);
  for (int l = 0; l < c.encoder_layers; ++l) {
    const std::string lp = p + "layers." + std::to_string(l) + ".";
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      src.add(lp + "self_attn." + proj + ".weight", {d, d});
      if (std::string(proj) != "k_proj") src.add(lp + "self_attn." + proj + ".bias", {d}, 0.02f);
    }
    for (const char* ln : {"self_attn_layer_norm", "final_layer_norm"}) {
      src.add(lp + ln + ".weight", {d}, 0.1f);
      src.add(lp + ln + ".bias", {d}, 0.02f);
    }
    src.add(lp + "fc1.weight", {f, d});
    src.add(lp + "fc1.bias", {f}, 0.02f);
    src.add(lp + "fc2.weight", {d, f});
    src.add(lp + "fc2.bias", {d}, 0.02f);
  }
  src.add(p + "layer_norm.weight", {d}, 0.1f);
  src.add(p + "layer_norm.bias", {d}, 0.02f);
}

void add_random_decoder(RandomTensorSource& src, const DecoderConfig& c) {
  const int64_t h = c.hidden_size, inter = c.intermediate_size, nq = int64_t(c.num_heads) * c.head_dim,
                nkv = int64_t(c.num_kv_heads) * c.head_dim;
  src.add("model.embed_tokens.weight", {c.vocab_size, h}, 0.02f);
  for (int l = 0; l < c.num_layers; ++l) {
    const std::string lp = "model.layers." + std::to_string(l) + ".";
    src.add(lp + "input_layernorm.weight", {h}, 0.1f);
    src.add(lp + "post_attention_layernorm.weight", {h}, 0.1f);
    src.add(lp + "self_attn.q_proj.weight", {nq, h});
    src.add(lp + "self_attn.k_proj.weight", {nkv, h});
    src.add(lp + "self_attn.v_proj.weight", {nkv, h});
    if (c.qkv_bias) {
      src.add(lp + "self_attn.q_proj.bias", {nq}, 0.02f);
      src.add(lp + "self_attn.k_proj.bias", {nkv}, 0.02f);
      src.add(lp + "self_attn.v_proj.bias", {nkv}, 0.02f);
    }
    src.add(lp + "self_attn.o_proj.weight", {h, nq});
    src.add(lp + "mlp.gate_proj.weight", {inter, h});
    src.add(lp + "mlp.up_proj.weight", {inter, h});
    src.add(lp + "mlp.down_proj.weight", {h, inter});
  }
  src.add("model.norm.weight", {h}, 0.1f);
  if (!c.tie_word_embeddings) src.add("lm_head.weight", {c.vocab_size, h});
}

void add_random_steering(RandomTensorSource& src, int layers, int experts, int dim, int llm_hidden) {
  src.add("whisper_encoder.steering_vectors", {layers, experts, dim}, 0.01f);
  src.add("whisper_encoder.router.weight", {int64_t(layers) * experts, dim});
  src.add("whisper_encoder.router.bias", {int64_t(layers) * experts}, 0.02f);
  src.add("whisper_encoder.layer_scales", {layers}, 0.1f);
  src.add("prompt_proj.weight", {llm_hidden, dim});
  src.add("prompt_proj.bias", {llm_hidden}, 0.02f);
}

}  // namespace steerscope
