#include "app/cli/generation_options.h"

#include <cstdio>
#include <sstream>

namespace steerscope::cli {

void add_generation_options(ArgParser& args) {
  args.add_option("decoder", "DIR", "Qwen2/LLaMA decoder in Hugging Face layout (config.json, safetensors, tokenizer.json)");
  args.add_option("layout", "reference|chatml", "Prompt layout: the reference's raw [audio | prompt], or a ChatML chat", "reference");
  args.add_option("system", "TEXT", "System prompt for the chatml layout (default: Qwen2.5's)");
  args.add_flag("greedy", "Greedy decoding, whatever generation_config.json says");
  args.add_option("temperature", "T", "Sample with this temperature (implies sampling)");
  args.add_option("top-k", "K", "Sampling: keep the K most likely tokens (0 = off)");
  args.add_option("top-p", "P", "Sampling: keep the smallest set of tokens with probability >= P");
  args.add_option("repetition-penalty", "R", "Penalty for tokens already generated (1 = off)");
  args.add_flag("penalize-prompt", "Apply the repetition penalty to the prompt's tokens too (HF text-only generate); "
                "the reference generates from embeddings and penalises generated tokens only");
  args.add_option("max-new-tokens", "N", "Stop after N tokens");
  args.add_option("seed", "N", "Sampling seed (the same seed gives the same tokens)");
}

GenerationSettings generation_settings_from(const ArgParser& args, GenerationSettings s) {
  if (args.has("temperature")) {
    s.do_sample = true;
    s.temperature = args.get_double("temperature");
  }
  if (args.has("top-k")) s.top_k = static_cast<int>(args.get_int("top-k"));
  if (args.has("top-p")) s.top_p = args.get_double("top-p");
  if (args.has("repetition-penalty")) s.repetition_penalty = args.get_double("repetition-penalty");
  if (args.has("penalize-prompt")) s.penalty_includes_prompt = true;
  if (args.has("max-new-tokens")) s.max_new_tokens = static_cast<int>(args.get_int("max-new-tokens"));
  if (args.has("seed")) s.seed = static_cast<uint64_t>(args.get_int("seed"));
  if (args.has("greedy")) s.do_sample = false;
  s.validate();
  return s;
}

PromptLayout layout_from(const ArgParser& args) { return parse_prompt_layout(args.get("layout")); }

std::vector<int64_t> parse_id_list(const std::string& text, const std::string& option) {
  std::vector<int64_t> ids;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t pos = 0;
      ids.push_back(std::stoll(item, &pos));
      if (pos != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw UsageError("--" + option + " expects comma-separated token ids, got '" + item + "'");
    }
  }
  if (ids.empty()) throw UsageError("--" + option + " is empty");
  return ids;
}

void print_timing(double encoder_ms, const GenerationResult& r) {
  std::fprintf(stderr, "encoder %.0f ms, first token %.0f ms, %zu tokens, %.1f tokens/s%s\n", encoder_ms, r.prefill_ms,
               r.token_ids.size(), r.tokens_per_second(),
               r.stop == GenerationResult::Stop::kMaxTokens ? " (stopped at max-new-tokens)"
               : r.stop == GenerationResult::Stop::kCancelled ? " (cancelled)" : "");
}

}  // namespace steerscope::cli
