#include "core/model/steering_checkpoint.h"

#include <filesystem>
#include <fstream>

#include "core/io/tensor_source.h"
#include "core/model/tensor_loading.h"
#include "core/model/whisper_config.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace fs = std::filesystem;

namespace steerscope {

std::string resolve_steering_file(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return path;
  for (const char* name : {"steering.safetensors", "model.safetensors", "pytorch_model.bin", "steering.bin"})
    if (fs::exists(fs::path(path) / name)) return (fs::path(path) / name).string();
  throw Error(path + ": directory holds no steering checkpoint (looked for steering.safetensors, "
              "model.safetensors, pytorch_model.bin, steering.bin)");
}

SteeringCheckpoint SteeringCheckpoint::load(const std::string& path) {
  const std::string file = resolve_steering_file(path);
  SteeringCheckpoint c = from_source(*open_tensor_source(file), file);
  // Pooling and prompts recorded beside the checkpoint (not part of the reference format).
  const fs::path sidecar = fs::path(file).parent_path() / "steermoe_config.json";
  if (!fs::exists(sidecar)) return c;
  const auto j = read_json_file(sidecar.string());
  const std::string s = sidecar.string();
  // Prompts in the file's order (nlohmann::json sorts its keys; the file was valid JSON just now).
  std::ifstream in(sidecar);
  const auto ordered = nlohmann::ordered_json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (ordered.is_object()) {
    static const std::string kSuffix = "_prompt";
    for (const auto& [key, value] : ordered.items())
      if (value.is_string() && key.size() > kSuffix.size() &&
          key.compare(key.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
        c.prompt_hints_.emplace_back(key, value.get<std::string>());
  }
  if (c.has_steering() && (j.contains("pooling_type") || j.contains("pooling_position"))) {
    std::string type = optional_string(j, "pooling_type", "max", s);
    int kernel = static_cast<int>(optional_int(j, "pooling_kernel_size", 4, s));
    int position = static_cast<int>(optional_int(j, "pooling_position", -1, s));
    if (position == 0 || position > c.layers_) type = "none";  // the reference's "never pools" cases
    c.pooling_hint_ = PoolingConfig::parse(type, kernel, type == "none" ? -1 : position);
  }
  return c;
}

SteeringCheckpoint SteeringCheckpoint::from_source(const TensorSource& source, const std::string& origin) {
  SteeringCheckpoint c;
  c.path_ = origin;
  const TensorSource* src = &source;
  const std::string& f = c.path_;

  std::string enc;
  for (const char* prefix : {"whisper_encoder.", "conformer_encoder."}) {
    if (src->contains(std::string(prefix) + "router.weight") || src->contains(std::string(prefix) + "steering_vectors")) {
      enc = prefix;
      break;
    }
  }
  c.kind_ = enc == "conformer_encoder." ? "conformer" : "whisper";
  if (src->contains("prompt_proj.weight")) {
    c.proj_weight_ = to_torch(src->view("prompt_proj.weight"));
    if (c.proj_weight_.dim() != 2)
      throw Error(f + ": tensor prompt_proj.weight has shape " + shape_string(tensor_shape(c.proj_weight_)) + ", expected [H, D]");
    c.proj_bias_ = load_checked(*src, "prompt_proj.bias", {c.proj_weight_.size(0)}, "prompt_proj.weight");
    c.dim_ = static_cast<int>(c.proj_weight_.size(1));
  }
  if (enc.empty()) {
    if (!c.has_projector())
      throw Error(f + ": not a SteerMoE checkpoint: found neither whisper_encoder.* / conformer_encoder.* steering "
                  "tensors nor prompt_proj.weight (" + std::to_string(src->names().size()) + " tensors)");
    return c;  // projector-only linear baseline
  }

  const std::string sv = enc + "steering_vectors";
  if (!src->contains(sv)) throw Error(f + ": tensor " + sv + " is missing (found " + enc + "router.weight)");
  c.steering_vectors_ = to_torch(src->view(sv));
  if (c.steering_vectors_.dim() != 3)
    throw Error(f + ": tensor " + sv + " has shape " + shape_string(tensor_shape(c.steering_vectors_)) + ", expected [L, E, D]");
  c.layers_ = static_cast<int>(c.steering_vectors_.size(0));
  c.experts_ = static_cast<int>(c.steering_vectors_.size(1));
  const int64_t d = c.steering_vectors_.size(2);
  if (c.has_projector() && c.dim_ != d)
    throw Error(f + ": prompt_proj.weight expects width " + std::to_string(c.dim_) + " but " + sv + " has width " + std::to_string(d));
  c.dim_ = static_cast<int>(d);
  const int64_t rows = int64_t(c.layers_) * c.experts_;
  const std::string from = sv + " " + shape_string(tensor_shape(c.steering_vectors_));
  c.router_weight_ = load_checked(*src, enc + "router.weight", {rows, d}, from);
  c.router_bias_ = load_checked(*src, enc + "router.bias", {rows}, from);
  c.layer_scales_ = load_checked(*src, enc + "layer_scales", {c.layers_}, from);
  return c;
}

int64_t SteeringCheckpoint::parameter_count() const {
  int64_t n = 0;
  for (const auto* t : {&steering_vectors_, &router_weight_, &router_bias_, &layer_scales_, &proj_weight_, &proj_bias_})
    if (t->defined()) n += t->numel();
  return n;
}

void SteeringCheckpoint::check_compatible(const WhisperConfig& encoder) const {
  if (kind_ != "whisper")
    throw Error(path_ + ": steering checkpoint is for a " + kind_ + " encoder, but the encoder is Whisper");
  if (has_steering() && layers_ != encoder.encoder_layers)
    throw Error(path_ + ": steering checkpoint has " + std::to_string(layers_) + " layers, but the encoder (" +
                encoder.source + ") has " + std::to_string(encoder.encoder_layers));
  if (dim_ != encoder.d_model)
    throw Error(path_ + ": steering checkpoint has width " + std::to_string(dim_) + ", but the encoder (" +
                encoder.source + ") has d_model " + std::to_string(encoder.d_model));
}

}  // namespace steerscope
