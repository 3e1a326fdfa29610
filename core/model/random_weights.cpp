#include "core/model/random_weights.h"

#include <cmath>
#include <cstring>
#include <random>

#include "core/util/error.h"

namespace steerscope {

void RandomTensorSource::add(const std::string& name, const std::vector<int64_t>& shape, float std) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  if (std < 0) std = shape.empty() ? 1.0f : 1.0f / std::sqrt(float(shape.back()));
  Stored s{shape, std::vector<uint16_t>(size_t(n))};
  std::mt19937_64 rng(seed_ ^ std::hash<std::string>{}(name));
  // A cheap approximately normal value (sum of uniforms) is enough for timing and keeps generation of
  // ~600M values fast.
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const float k = std * 1.7320508f;  // uniform(-1,1) has std 1/sqrt(3)
  for (auto& v : s.bf16) {
    const float f = u(rng) * k;
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    v = static_cast<uint16_t>(bits >> 16);
  }
  tensors_[name] = std::move(s);
}

std::vector<std::string> RandomTensorSource::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : tensors_) out.push_back(k);
  return out;
}

TensorView RandomTensorSource::view(const std::string& name) const {
  auto it = tensors_.find(name);
  if (it == tensors_.end()) throw Error("random weights: no tensor named " + name);
  TensorView v;
  v.name = name;
  v.dtype = DType::kBF16;
  v.dtype_label = "BF16";
  v.shape = it->second.shape;
  v.data = reinterpret_cast<const uint8_t*>(it->second.bf16.data());
  v.nbytes = it->second.bf16.size() * 2;
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

void add_random_steering(RandomTensorSource& src, int layers, int experts, int dim, int llm_hidden) {
  src.add("whisper_encoder.steering_vectors", {layers, experts, dim}, 0.01f);
  src.add("whisper_encoder.router.weight", {int64_t(layers) * experts, dim});
  src.add("whisper_encoder.router.bias", {int64_t(layers) * experts}, 0.02f);
  src.add("whisper_encoder.layer_scales", {layers}, 0.1f);
  src.add("prompt_proj.weight", {llm_hidden, dim});
  src.add("prompt_proj.bias", {llm_hidden}, 0.02f);
}

}  // namespace steerscope
