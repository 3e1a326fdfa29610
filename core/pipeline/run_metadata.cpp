#include "core/pipeline/run_metadata.h"

#include <ctime>
#include <filesystem>

#include "core/util/error.h"
#include "core/util/sha256.h"

namespace fs = std::filesystem;

namespace steerscope {

std::string checkpoint_weights_file(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return path;
  for (const char* name : {"model.safetensors", "model.safetensors.index.json"}) {
    const fs::path candidate = fs::path(path) / name;
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  throw Error(path + ": directory has neither model.safetensors nor model.safetensors.index.json");
}

std::vector<CheckpointIdentity> checkpoint_identities(const PipelineConfig& config) {
  std::vector<CheckpointIdentity> out;
  auto add = [&](const char* role, const std::string& path, const std::string& weights) {
    out.push_back({role, path, sha256_file(weights)});
  };
  if (!config.encoder_dir.empty())
    add("encoder", config.encoder_dir, checkpoint_weights_file(config.encoder_dir));
  if (!config.steering_path.empty()) {
    const std::string file = resolve_steering_file(config.steering_path);
    add("steering", file, file);
  }
  if (!config.decoder_dir.empty())
    add("decoder", config.decoder_dir, checkpoint_weights_file(config.decoder_dir));
  return out;
}

ModelConstants model_constants_of(const SteeringCheckpoint& steering) {
  if (!steering.has_steering())
    throw Error(steering.path() +
                ": the checkpoint has no steering vectors or router (a projector-only baseline)");
  ModelConstants c;
  c.layers = steering.layers();
  c.experts = steering.experts();
  c.dim = steering.dim();
  auto copy = [](const torch::Tensor& t) {
    const torch::Tensor f = t.to(torch::kFloat).contiguous();
    return std::vector<float>(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
  };
  c.steering_vectors = copy(steering.steering_vectors());
  c.layer_scales = copy(steering.layer_scales());
  // Row l*E + e of router.weight belongs to layer l, expert e (steering_checkpoint.h).
  c.router_weight_norms = copy(steering.router_weight().to(torch::kFloat).norm(2, {1}));
  return c;
}

std::string utc_timestamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace steerscope
