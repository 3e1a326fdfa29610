#include "app/cli/encoder_options.h"

namespace steerscope::cli {

void add_encoder_options(ArgParser& args, bool steering_required) {
  args.add_option("encoder", "DIR", "Whisper encoder in Hugging Face layout (config.json + model.safetensors)");
  args.add_option("steering", "CKPT",
                  std::string("SteerMoE checkpoint: steering.safetensors, a torch.save .bin, the reference's full "
                              "pytorch_model.bin, or a directory holding one") +
                      (steering_required ? "" : "; omit for the plain encoder"));
  args.add_flag("no-steering", "Run the reference's linear baseline: layers, pooling, LayerNorm and projector, no steering");
  args.add_option("padding", "30s|none", "30s: pad each window to 30 s as the Hugging Face extractor and the reference do; "
                  "none: the unpadded log-mel", "30s");
  args.add_option("pool", "max|avg|none", "Pooling of encoder frames (default: the checkpoint's steermoe_config.json, else max)");
  args.add_option("pool-kernel", "K", "Pooling kernel and stride (default 4)");
  args.add_option("pool-after-layer", "P", "1-based encoder layer after which to pool (the reference's pooling_position; default: last)");
  args.add_option("window-seconds", "S", "Encoder window length (default: chunk_length of preprocessor_config.json, 30 s)");
  args.add_option("device", "cpu|cuda[:N]", "Where to run", "cpu");
  args.add_option("dtype", "fp32|bf16", "Compute precision of the matmuls", "fp32");
  args.add_option("threads", "N", "CPU threads (default: all cores)", "0");
  args.add_multi_option("force", "L:E", "Intervention: force expert E at layer L (0-based; L may be 'all')");
  args.add_multi_option("ablate", "L:E", "Intervention: remove expert E at layer L and renormalise the others");
  args.add_multi_option("scale-steering", "L:S", "Intervention: multiply layer L's steering by S (0 removes it)");
}

PipelineConfig pipeline_config_from(const ArgParser& args) {
  PipelineConfig c;
  c.encoder_dir = args.get("encoder");
  c.steering_path = args.get_or("steering", "");
  c.apply_steering = !args.has("no-steering");
  const std::string padding = args.get("padding");
  if (padding == "30s") c.padding = MelPadding::kPadToWindow;
  else if (padding == "none") c.padding = MelPadding::kNone;
  else throw UsageError("--padding expects 30s or none, got '" + padding + "'");
  if (args.has("pool") || args.has("pool-kernel") || args.has("pool-after-layer")) {
    const int kernel = args.has("pool-kernel") ? static_cast<int>(args.get_int("pool-kernel")) : 4;
    const int after = args.has("pool-after-layer") ? static_cast<int>(args.get_int("pool-after-layer")) : -1;
    c.pooling = PoolingConfig::parse(args.get_or("pool", "max"), kernel, after);
  }
  if (args.has("window-seconds")) c.window_seconds = args.get_double("window-seconds");
  c.exec = ExecutionConfig::parse(args.get("device"), args.get("dtype"));
  set_compute_threads(static_cast<int>(args.get_int("threads")));
  return c;
}

InterventionSet interventions_from(const ArgParser& args) {
  InterventionSet set;
  for (const auto& s : args.get_all("force")) set.push_back(Intervention::parse("force", s));
  for (const auto& s : args.get_all("ablate")) set.push_back(Intervention::parse("ablate", s));
  for (const auto& s : args.get_all("scale-steering")) set.push_back(Intervention::parse("scale", s));
  return set;
}

}  // namespace steerscope::cli
