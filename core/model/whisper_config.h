#pragma once
// The encoder half of a Hugging Face WhisperConfig (config.json; formats.md §3.4).

#include <string>

namespace steerscope {

struct WhisperConfig {
  int d_model = 0;
  int encoder_layers = 0;
  int encoder_attention_heads = 0;
  int encoder_ffn_dim = 0;
  int num_mel_bins = 80;
  int max_source_positions = 1500;  // encoder frames after the stride-2 conv (30 s at 50 Hz)
  std::string source;               // the config.json it came from, for messages

  int head_dim() const { return d_model / encoder_attention_heads; }

  // Reads config.json (a directory or the file). Throws Error naming the file and key if a key is missing,
  // the heads do not divide d_model, or the activation is not GELU.
  static WhisperConfig from_file(const std::string& path);
};

}  // namespace steerscope
