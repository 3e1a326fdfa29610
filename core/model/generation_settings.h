#pragma once
// Decoding settings with Hugging Face generate() semantics (formats.md §6). Defaults come from the
// decoder's generation_config.json when there is one (HF GenerationConfig defaults otherwise), and any
// field can then be overridden by the caller.

#include <cstdint>
#include <string>
#include <vector>

namespace steerscope {

struct DecoderConfig;

struct GenerationSettings {
  bool do_sample = false;           // false = greedy (temperature/top-k/top-p ignored)
  double temperature = 1.0;
  int top_k = 50;                   // 0 = off
  double top_p = 1.0;               // 1 = off
  double repetition_penalty = 1.0;  // 1 = off
  // HF applies the penalty to every id in input_ids. The reference generates from embeddings, so its
  // input_ids start empty and only generated ids are penalised (steermoe.md §3.4); true adds the text
  // prompt's ids as a text-only generate() would.
  bool penalty_includes_prompt = false;
  int max_new_tokens = 256;
  std::vector<int64_t> stop_token_ids;  // generation stops after emitting any of these
  uint64_t seed = 0;

  // Reads <dir>/generation_config.json if it exists (do_sample, temperature, top_k, top_p,
  // repetition_penalty, max_new_tokens, eos_token_id as int or list); stop tokens fall back to the
  // decoder config's eos_token_id. Throws Error naming the file for invalid values.
  static GenerationSettings from_model_dir(const std::string& dir, const DecoderConfig& decoder);
  // Throws Error if a value is out of range (temperature <= 0 when sampling, top_p outside (0, 1], ...).
  void validate() const;
  std::string to_json() const;
  std::string describe() const;  // "greedy" or "sample T=0.7 top-k=20 top-p=0.8 rep=1.05 seed=0"
};

}  // namespace steerscope
