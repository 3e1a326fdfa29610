#include "core/model/whisper_config.h"

#include <filesystem>

#include "core/util/error.h"
#include "core/util/json_file.h"

namespace steerscope {

WhisperConfig WhisperConfig::from_file(const std::string& path) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) file = (std::filesystem::path(path) / "config.json").string();
  const auto j = read_json_file(file);
  WhisperConfig c;
  c.source = file;
  const std::string model_type = optional_string(j, "model_type", "whisper", file);
  if (model_type != "whisper")
    throw Error(file + ": model_type is '" + model_type + "', expected 'whisper' (a Whisper encoder)");
  c.d_model = static_cast<int>(required_int(j, "d_model", file));
  c.encoder_layers = static_cast<int>(required_int(j, "encoder_layers", file));
  c.encoder_attention_heads = static_cast<int>(required_int(j, "encoder_attention_heads", file));
  c.encoder_ffn_dim = static_cast<int>(required_int(j, "encoder_ffn_dim", file));
  c.num_mel_bins = static_cast<int>(optional_int(j, "num_mel_bins", 80, file));
  c.max_source_positions = static_cast<int>(optional_int(j, "max_source_positions", 1500, file));
  const std::string act = optional_string(j, "activation_function", "gelu", file);
  if (act != "gelu") throw Error(file + ": activation_function '" + act + "' is not supported (expected gelu)");
  if (c.d_model <= 0 || c.encoder_layers <= 0 || c.encoder_attention_heads <= 0 || c.encoder_ffn_dim <= 0 ||
      c.num_mel_bins <= 0 || c.max_source_positions <= 0)
    throw Error(file + ": d_model, encoder_layers, encoder_attention_heads, encoder_ffn_dim, num_mel_bins and "
                "max_source_positions must be positive");
  if (c.d_model % c.encoder_attention_heads != 0)
    throw Error(file + ": encoder_attention_heads " + std::to_string(c.encoder_attention_heads) +
                " does not divide d_model " + std::to_string(c.d_model));
  return c;
}

}  // namespace steerscope
