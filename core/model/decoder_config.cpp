#include "core/model/decoder_config.h"

#include <cmath>
#include <filesystem>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace steerscope {

namespace {

void read_rope_scaling(const nlohmann::json& j, DecoderConfig& c, const std::string& file, const std::string& key) {
  const std::string type = j.contains("rope_type") ? optional_string(j, "rope_type", "default", file)
                                                    : optional_string(j, "type", "default", file);
  if (type == "default") return;
  if (type != "llama3" && type != "linear")
    throw Error(file + ": " + key + " type '" + type + "' is not supported (supported: default, linear, llama3)");
  RopeScaling s;
  s.type = type;
  s.factor = optional_number(j, "factor", 1.0, file);
  s.low_freq_factor = optional_number(j, "low_freq_factor", 1.0, file);
  s.high_freq_factor = optional_number(j, "high_freq_factor", 4.0, file);
  s.original_max_position_embeddings = static_cast<int>(optional_int(j, "original_max_position_embeddings", 8192, file));
  if (s.factor <= 0) throw Error(file + ": " + key + " factor must be positive");
  if (type == "llama3" && s.high_freq_factor <= s.low_freq_factor)
    throw Error(file + ": " + key + " high_freq_factor must exceed low_freq_factor");
  c.rope_scaling = s;
}

std::vector<int64_t> id_list(const nlohmann::json& j, const char* key) {
  std::vector<int64_t> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (it->is_number_integer()) out.push_back(it->get<int64_t>());
  if (it->is_array())
    for (const auto& v : *it)
      if (v.is_number_integer()) out.push_back(v.get<int64_t>());
  return out;
}

}  // namespace

DecoderConfig DecoderConfig::from_file(const std::string& path) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) file = (std::filesystem::path(path) / "config.json").string();
  const auto j = read_json_file(file);
  DecoderConfig c;
  c.source = file;
  c.model_type = optional_string(j, "model_type", "", file);
  if (c.model_type != "qwen2" && c.model_type != "llama" && c.model_type != "mistral")
    throw Error(file + ": model_type '" + c.model_type + "' is not a supported decoder (qwen2, llama, mistral)");
  c.hidden_size = static_cast<int>(required_int(j, "hidden_size", file));
  c.intermediate_size = static_cast<int>(required_int(j, "intermediate_size", file));
  c.num_layers = static_cast<int>(required_int(j, "num_hidden_layers", file));
  c.num_heads = static_cast<int>(required_int(j, "num_attention_heads", file));
  c.num_kv_heads = static_cast<int>(optional_int(j, "num_key_value_heads", c.num_heads, file));
  c.vocab_size = static_cast<int>(required_int(j, "vocab_size", file));
  c.max_position_embeddings = static_cast<int>(optional_int(j, "max_position_embeddings", 32768, file));
  c.rms_norm_eps = optional_number(j, "rms_norm_eps", 1e-6, file);
  c.tie_word_embeddings = optional_bool(j, "tie_word_embeddings", false, file);
  const std::string act = optional_string(j, "hidden_act", "silu", file);
  if (act != "silu") throw Error(file + ": hidden_act '" + act + "' is not supported (expected silu)");
  if (c.hidden_size <= 0 || c.intermediate_size <= 0 || c.num_layers <= 0 || c.num_heads <= 0 || c.num_kv_heads <= 0 ||
      c.vocab_size <= 0)
    throw Error(file + ": hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, "
                "num_key_value_heads and vocab_size must be positive");
  if (c.num_heads % c.num_kv_heads != 0)
    throw Error(file + ": num_key_value_heads " + std::to_string(c.num_kv_heads) + " does not divide num_attention_heads " +
                std::to_string(c.num_heads));
  if (j.contains("head_dim") && !j["head_dim"].is_null()) {
    c.head_dim = static_cast<int>(required_int(j, "head_dim", file));
  } else {
    if (c.hidden_size % c.num_heads != 0)
      throw Error(file + ": num_attention_heads " + std::to_string(c.num_heads) + " does not divide hidden_size " +
                  std::to_string(c.hidden_size) + " (and there is no head_dim)");
    c.head_dim = c.hidden_size / c.num_heads;
  }
  if (c.head_dim <= 0 || c.head_dim % 2 != 0) throw Error(file + ": head_dim must be positive and even for RoPE");

  if (c.model_type == "qwen2") {
    c.qkv_bias = true;  // hard-coded in Qwen2Attention
    if (optional_bool(j, "use_sliding_window", false, file)) {
      c.sliding_window = static_cast<int>(optional_int(j, "sliding_window", 0, file));
      c.max_window_layers = static_cast<int>(optional_int(j, "max_window_layers", 0, file));
    }
  } else {
    c.qkv_bias = c.o_bias = optional_bool(j, "attention_bias", false, file);
    c.mlp_bias = optional_bool(j, "mlp_bias", false, file);
    if (c.model_type == "mistral" && j.contains("sliding_window") && !j["sliding_window"].is_null())
      c.sliding_window = static_cast<int>(optional_int(j, "sliding_window", 0, file));
  }

  // transformers v5 writes rope_parameters {rope_type, rope_theta, ...}; older files rope_theta/rope_scaling.
  if (j.contains("rope_parameters") && j["rope_parameters"].is_object()) {
    const auto& rp = j["rope_parameters"];
    c.rope_theta = optional_number(rp, "rope_theta", optional_number(j, "rope_theta", 10000.0, file), file);
    read_rope_scaling(rp, c, file, "rope_parameters");
  } else {
    c.rope_theta = optional_number(j, "rope_theta", 10000.0, file);
    if (j.contains("rope_scaling") && j["rope_scaling"].is_object()) read_rope_scaling(j["rope_scaling"], c, file, "rope_scaling");
  }
  if (c.rope_theta <= 0) throw Error(file + ": rope_theta must be positive");
  c.eos_token_ids = id_list(j, "eos_token_id");
  auto bos = id_list(j, "bos_token_id");
  if (!bos.empty()) c.bos_token_id = bos[0];
  return c;
}

std::vector<double> DecoderConfig::rope_inv_freq() const {
  const int half = head_dim / 2;
  std::vector<double> inv(static_cast<size_t>(half));
  for (int i = 0; i < half; ++i) inv[i] = 1.0 / std::pow(rope_theta, (2.0 * i) / head_dim);
  if (!rope_scaling) return inv;
  const RopeScaling& s = *rope_scaling;
  if (s.type == "linear") {
    for (auto& f : inv) f /= s.factor;
    return inv;
  }
  // LLaMA-3: long wavelengths are slowed by `factor`, short ones kept, the band between interpolated.
  const double L = s.original_max_position_embeddings;
  const double low_wl = L / s.low_freq_factor, high_wl = L / s.high_freq_factor;
  for (auto& f : inv) {
    const double wl = 2.0 * M_PI / f;
    if (wl > low_wl) {
      f = f / s.factor;
    } else if (wl >= high_wl) {
      const double smooth = (L / wl - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
      f = (1.0 - smooth) * f / s.factor + smooth * f;
    }
  }
  return inv;
}

}  // namespace steerscope
