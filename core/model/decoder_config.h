#pragma once
// The decoder half of a Hugging Face Qwen2 / LLaMA / Mistral config.json (formats.md §4): sizes, grouped
// query attention, RMSNorm epsilon, RoPE (rope_theta and LLaMA-3 rope_scaling, or the newer
// rope_parameters key), biases, tied embeddings and Qwen2's optional sliding window.

#include <optional>
#include <string>
#include <vector>

namespace steerscope {

struct RopeScaling {
  std::string type;  // "llama3" or "linear"
  double factor = 1.0;
  double low_freq_factor = 1.0;
  double high_freq_factor = 4.0;
  int original_max_position_embeddings = 8192;
};

struct DecoderConfig {
  std::string model_type;  // qwen2, llama, mistral
  int hidden_size = 0;
  int intermediate_size = 0;
  int num_layers = 0;
  int num_heads = 0;
  int num_kv_heads = 0;
  int head_dim = 0;
  int vocab_size = 0;
  int max_position_embeddings = 0;
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  std::optional<RopeScaling> rope_scaling;
  bool qkv_bias = false;  // Qwen2: always; LLaMA: attention_bias
  bool o_bias = false;    // LLaMA attention_bias only
  bool mlp_bias = false;
  bool tie_word_embeddings = false;
  int sliding_window = 0;     // 0 = full attention everywhere
  int max_window_layers = 0;  // layers >= this use the window (Qwen2)
  std::vector<int64_t> eos_token_ids;  // from config.json (generation_config.json usually overrides)
  int64_t bos_token_id = -1;
  std::string source;

  // Reads config.json from a directory or file. Throws Error naming the file and key for missing keys,
  // unknown model types, head counts that do not divide the width, or unsupported rope types.
  static DecoderConfig from_file(const std::string& path);

  // RoPE inverse frequencies [head_dim / 2] after any rope_scaling.
  std::vector<double> rope_inv_freq() const;
  // Whether layer i attends through the sliding window.
  bool layer_uses_window(int layer) const { return sliding_window > 0 && layer >= max_window_layers; }
};

}  // namespace steerscope
