#pragma once
// The whole steered pipeline: audio -> steered encoder -> audio prompts -> frozen LLM -> text. One
// SteeredPipeline holds the loaded (immutable) models and is shared by any number of Conversations, each
// with its own KV cache.
//
// Prompt layouts (steermoe.md §3):
//   reference  [audio | prompt tokens]: no chat template, all-ones mask, positions 0..N-1 over the whole
//              sequence. Prompt and answer text are tokenized separately, as the reference's collator does.
//              Follow-up questions are appended as raw text after the previous answer.
//   chatml     <|im_start|>system ...<|im_end|> <|im_start|>user\n [audio] question<|im_end|>
//              <|im_start|>assistant\n, for instruction-tuned models; follow-up turns continue the chat.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/causal_lm.h"
#include "core/model/generation_settings.h"
#include "core/pipeline/pipeline_config.h"
#include "core/pipeline/text_generator.h"
#include "core/pipeline/utterance_encoder.h"
#include "core/text/bpe_tokenizer.h"
#include "core/text/chat_template.h"

namespace steerscope {

enum class PromptLayout { kReference, kChatML };
PromptLayout parse_prompt_layout(const std::string& name);  // "reference" | "chatml"; Error otherwise
const char* prompt_layout_name(PromptLayout layout);

// The reference's prompts (steermoe.md §3.2).
inline constexpr const char* kReferenceAsrPrompt = "please transcribe the audio content into text: ";
inline constexpr const char* kReferenceQuestionPrefix = "please answer the following question. The question is : ";

class SteeredPipeline {
 public:
  // Loads the encoder, steering checkpoint, decoder (config.decoder_dir; required) and, when the decoder
  // directory has a tokenizer.json, the tokenizer. Throws Error naming the file at fault, including when
  // the projector's output width differs from the decoder's hidden size.
  static std::shared_ptr<const SteeredPipeline> load(const PipelineConfig& config);

  const PipelineConfig& config() const { return config_; }
  const UtteranceEncoder& encoder() const { return *encoder_; }
  const CausalLM& decoder() const { return *decoder_; }
  const BpeTokenizer* tokenizer() const { return tokenizer_ ? &*tokenizer_ : nullptr; }

  // generation_config.json of the decoder, with the tokenizer's eos token added to the stop tokens.
  GenerationSettings default_generation() const { return default_generation_; }
  // Throws Error if there is no tokenizer (use token ids then).
  std::vector<int64_t> tokenize(const std::string& text) const;

 private:
  PipelineConfig config_;
  std::shared_ptr<const UtteranceEncoder> encoder_;
  std::shared_ptr<const CausalLM> decoder_;
  std::optional<BpeTokenizer> tokenizer_;
  GenerationSettings default_generation_;
};

// A conversation about one piece of audio: the audio prompts are fed once, then each turn's text, and the
// KV cache carries everything between turns.
class Conversation {
 public:
  Conversation(std::shared_ptr<const SteeredPipeline> pipeline, torch::Tensor audio_prompts, PromptLayout layout,
               std::optional<std::string> system_prompt = std::nullopt);

  // Adds a user turn and generates the answer. For the reference layout `text` is the raw prompt
  // (e.g. kReferenceAsrPrompt, or kReferenceQuestionPrefix + question).
  GenerationResult ask(const std::string& text, const GenerationSettings& settings, const TokenCallback& on_token = {});
  // Reference layout without a tokenizer: the prompt as token ids.
  GenerationResult ask_ids(const std::vector<int64_t>& prompt_ids, const GenerationSettings& settings,
                           const TokenCallback& on_token = {});
  // Generates the last answer again (e.g. with another seed), discarding the previous one.
  GenerationResult regenerate(const GenerationSettings& settings, const TokenCallback& on_token = {});
  // Forgets every turn; the next ask() starts again right after the audio.
  void clear();

  int turns() const { return turns_; }
  int64_t context_length() const { return state_.length(); }
  PromptLayout layout() const { return layout_; }

 private:
  GenerationResult run_turn(torch::Tensor inputs, std::vector<int64_t> text_ids, const GenerationSettings& settings,
                            const TokenCallback& on_token);
  torch::Tensor audio_block(const std::vector<int64_t>& before, const std::vector<int64_t>& after) const;

  std::shared_ptr<const SteeredPipeline> pipeline_;
  torch::Tensor audio_;  // [T_a, H]
  PromptLayout layout_;
  std::optional<std::string> system_prompt_;
  DecoderState state_;
  int turns_ = 0;
  int64_t pending_token_ = -1;  // last answer's final token, not yet in the cache
  // To regenerate: the cache length before the last turn and that turn's inputs.
  int64_t turn_start_ = 0;
  torch::Tensor turn_inputs_;
  std::vector<int64_t> turn_text_ids_;
  int64_t turn_pending_ = -1;
};

}  // namespace steerscope
