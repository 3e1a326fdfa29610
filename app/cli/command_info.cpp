// steerscope-cli info: what a checkpoint holds.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "app/cli/arg_parser.h"
#include "app/cli/command_registry.h"
#include "core/io/tensor_source.h"
#include "core/model/steering_checkpoint.h"
#include "core/model/whisper_config.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope::cli {
namespace {

std::string with_commas(int64_t n) {
  std::string s = std::to_string(n), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

// Tensors grouped by the first component(s) of their names, with parameter counts and dtypes.
void print_tensor_groups(const TensorSource& src, bool list_all) {
  struct Group {
    int64_t tensors = 0, params = 0;
    std::map<std::string, int64_t> dtypes;
  };
  std::map<std::string, Group> groups;
  int64_t total = 0;
  for (const auto& name : src.names()) {
    const TensorView v = src.view(name);
    std::string group = name.substr(0, name.find('.'));
    if (group == "whisper_encoder" || group == "conformer_encoder")
      group = name.find(".original_encoder.") != std::string::npos || name.find(".speech_encoder.") != std::string::npos
                  ? group + " (frozen encoder)"
                  : group + " (steering)";
    if (group == "model" && name.rfind("model.encoder.", 0) == 0) group = "model.encoder";
    Group& g = groups[group];
    g.tensors += 1;
    g.params += v.numel();
    g.dtypes[v.dtype_label] += 1;
    total += v.numel();
  }
  std::printf("%-36s %8s %16s  %s\n", "group", "tensors", "parameters", "dtypes");
  for (const auto& [name, g] : groups) {
    std::string dt;
    for (const auto& [d, n] : g.dtypes) dt += (dt.empty() ? "" : ", ") + d + " x" + std::to_string(n);
    std::printf("%-36s %8lld %16s  %s\n", name.c_str(), static_cast<long long>(g.tensors), with_commas(g.params).c_str(), dt.c_str());
  }
  std::printf("%-36s %8zu %16s\n", "total", src.names().size(), with_commas(total).c_str());
  if (list_all) {
    std::printf("\n%-70s %-8s %s\n", "tensor", "dtype", "shape");
    for (const auto& name : src.names()) {
      const TensorView v = src.view(name);
      std::printf("%-70s %-8s %s\n", name.c_str(), v.dtype_label.c_str(), shape_string(v.shape).c_str());
    }
  }
}

void print_steering(const SteeringCheckpoint& c) {
  std::cout << "SteerMoE checkpoint (" << c.encoder_kind() << " encoder)\n";
  if (c.has_steering()) {
    const int L = c.layers(), E = c.experts(), D = c.dim();
    std::printf("  layers L %d, experts E %d, encoder width D %d, LLM hidden size H %d\n", L, E, D, c.llm_hidden());
    std::printf("  steering_vectors [%d,%d,%d]  router.weight [%d,%d] (layer-major rows)  layer_scales [%d]\n", L, E, D,
                L * E, D, L);
    auto scales = c.layer_scales();
    std::printf("  layer scales: min %.4g  mean %.4g  max %.4g\n", scales.min().item<double>(), scales.mean().item<double>(),
                scales.max().item<double>());
    auto norms = c.steering_vectors().norm(2, -1);  // [L, E]
    std::printf("  steering vector norms: min %.4g  mean %.4g  max %.4g\n", norms.min().item<double>(),
                norms.mean().item<double>(), norms.max().item<double>());
  } else {
    std::printf("  projector only (linear baseline): D %d -> H %d\n", c.dim(), c.llm_hidden());
  }
  std::printf("  projector: %s\n", c.has_projector() ? ("prompt_proj [" + std::to_string(c.llm_hidden()) + "," + std::to_string(c.dim()) + "]").c_str() : "none (identity)");
  std::printf("  trainable parameters: %s\n", with_commas(c.parameter_count()).c_str());
  if (c.pooling_hint())
    std::printf("  pooling (from steermoe_config.json): %s\n", c.pooling_hint()->describe(c.layers()).c_str());
  else
    std::printf("  pooling: not recorded in the checkpoint (default: max k=4 after the last layer; see --pool)\n");
}

void print_model_dir(const std::string& dir) {
  const std::string cfg_path = (fs::path(dir) / "config.json").string();
  const auto cfg = read_json_file(cfg_path);
  const std::string type = optional_string(cfg, "model_type", "?", cfg_path);
  std::cout << dir << ": Hugging Face model directory, model_type " << type << "\n";
  if (type == "whisper") {
    const auto w = WhisperConfig::from_file(dir);
    std::printf("  Whisper encoder: %d layers, d_model %d, %d heads (head_dim %d), ffn %d, %d mel bins, %d positions\n",
                w.encoder_layers, w.d_model, w.encoder_attention_heads, w.head_dim(), w.encoder_ffn_dim, w.num_mel_bins,
                w.max_source_positions);
  } else {
    for (const char* k : {"hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
                          "intermediate_size", "vocab_size", "rope_theta", "rms_norm_eps", "tie_word_embeddings",
                          "max_position_embeddings"})
      if (cfg.contains(k)) std::cout << "  " << k << ": " << cfg[k].dump() << "\n";
  }
  for (const char* f : {"preprocessor_config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"})
    if (fs::exists(fs::path(dir) / f)) std::cout << "  has " << f << "\n";
}

int run_info(int argc, char** argv) {
  ArgParser args("info", "Describe a checkpoint: architecture, tensor groups, shapes, dtypes, parameter counts and the "
                 "steering configuration. PATH is a model directory, a .safetensors file, a sharded index, or a "
                 "torch.save archive such as the reference's pytorch_model.bin.");
  args.add_positional("path", "checkpoint file or directory");
  args.add_flag("tensors", "List every tensor with its dtype and shape");
  if (!args.parse(argc, argv)) return 0;
  const std::string path = args.get("path");
  const bool list_all = args.has("tensors");

  if (fs::is_directory(path) && fs::exists(fs::path(path) / "config.json")) {
    print_model_dir(path);
    std::cout << "\n";
    auto src = open_tensor_source(path);
    std::cout << "weights: " << src->description() << "\n";
    print_tensor_groups(*src, list_all);
    return 0;
  }
  const std::string file = fs::is_directory(path) ? resolve_steering_file(path) : path;
  auto src = open_tensor_source(file);
  std::cout << file << ": " << src->description() << "\n";
  try {
    print_steering(SteeringCheckpoint::load(file));
  } catch (const Error& e) {
    // Not (or not a valid) SteerMoE checkpoint: still describe the tensors, and say why.
    std::cout << "not a usable SteerMoE checkpoint: " << e.what() << "\n";
  }
  std::cout << "\n";
  print_tensor_groups(*src, list_all);
  return 0;
}

CommandRegistration reg{"info", "Describe a checkpoint (architecture, shapes, dtypes, parameters, steering)", run_info};

}  // namespace
}  // namespace steerscope::cli
