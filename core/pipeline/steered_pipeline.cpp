#include "core/pipeline/steered_pipeline.h"

#include <filesystem>

#include "core/util/error.h"

namespace steerscope {

PromptLayout parse_prompt_layout(const std::string& name) {
  if (name == "reference") return PromptLayout::kReference;
  if (name == "chatml") return PromptLayout::kChatML;
  throw Error("unknown prompt layout '" + name + "' (expected reference or chatml)");
}

const char* prompt_layout_name(PromptLayout layout) { return layout == PromptLayout::kChatML ? "chatml" : "reference"; }

std::shared_ptr<const SteeredPipeline> SteeredPipeline::load(const PipelineConfig& config) {
  if (config.decoder_dir.empty()) throw Error("no decoder given (a Qwen2 or LLaMA directory in Hugging Face layout)");
  auto p = std::make_shared<SteeredPipeline>();
  p->config_ = config;
  p->encoder_ = load_utterance_encoder(config);
  p->decoder_ = CausalLM::load(config.decoder_dir, config.exec);
  const int prompt_dim = p->encoder_->encoder().prompt_dim();
  if (prompt_dim != p->decoder_->config().hidden_size)
    throw Error("the audio prompts are " + std::to_string(prompt_dim) + " wide (" +
                (config.steering_path.empty() ? config.encoder_dir : config.steering_path) + ") but the decoder's hidden_size is " +
                std::to_string(p->decoder_->config().hidden_size) + " (" + p->decoder_->config().source + ")");
  const auto tok = std::filesystem::path(config.decoder_dir) / "tokenizer.json";
  if (std::filesystem::exists(tok)) p->tokenizer_.emplace(tok.string());
  p->default_generation_ = GenerationSettings::from_model_dir(config.decoder_dir, p->decoder_->config());
  if (p->tokenizer_ && p->tokenizer_->eos_token_id()) {
    auto& stops = p->default_generation_.stop_token_ids;
    const int64_t eos = *p->tokenizer_->eos_token_id();
    if (std::find(stops.begin(), stops.end(), eos) == stops.end()) stops.push_back(eos);
  }
  return p;
}

std::vector<int64_t> SteeredPipeline::tokenize(const std::string& text) const {
  if (!tokenizer_)
    throw Error(config_.decoder_dir + " has no tokenizer.json: give the prompt as token ids instead");
  const auto ids = tokenizer_->encode(text);
  return std::vector<int64_t>(ids.begin(), ids.end());
}

Conversation::Conversation(std::shared_ptr<const SteeredPipeline> pipeline, torch::Tensor audio_prompts,
                           PromptLayout layout, std::optional<std::string> system_prompt)
    : pipeline_(std::move(pipeline)), audio_(std::move(audio_prompts)), layout_(layout), system_prompt_(std::move(system_prompt)) {
  if (layout_ == PromptLayout::kChatML && !pipeline_->tokenizer())
    throw Error("the chatml layout needs a tokenizer.json in " + pipeline_->config().decoder_dir);
}

torch::Tensor Conversation::audio_block(const std::vector<int64_t>& before, const std::vector<int64_t>& after) const {
  const CausalLM& lm = pipeline_->decoder();
  std::vector<torch::Tensor> parts;
  if (!before.empty()) parts.push_back(lm.embed(before));
  parts.push_back(audio_.to(torch::kFloat));
  if (!after.empty()) parts.push_back(lm.embed(after));
  return torch::cat(parts, 0);
}

GenerationResult Conversation::run_turn(torch::Tensor inputs, std::vector<int64_t> text_ids, const GenerationSettings& settings,
                                        const TokenCallback& on_token) {
  turn_start_ = state_.length();
  turn_inputs_ = inputs;
  turn_text_ids_ = text_ids;
  turn_pending_ = pending_token_;
  const std::vector<int64_t> prefix = settings.penalty_includes_prompt ? text_ids : std::vector<int64_t>{};
  GenerationResult r = generate_text(pipeline_->decoder(), state_, inputs, settings, pipeline_->tokenizer(), on_token, prefix);
  pending_token_ = r.unfed_token;
  ++turns_;
  return r;
}

GenerationResult Conversation::ask(const std::string& text, const GenerationSettings& settings, const TokenCallback& on_token) {
  const SteeredPipeline& p = *pipeline_;
  if (layout_ == PromptLayout::kReference) {
    std::vector<int64_t> ids;
    if (pending_token_ >= 0) ids.push_back(pending_token_);
    const auto t = p.tokenize(text);
    ids.insert(ids.end(), t.begin(), t.end());
    auto inputs = turns_ == 0 ? audio_block({}, ids) : p.decoder().embed(ids);
    return run_turn(inputs, ids, settings, on_token);
  }
  // ChatML: the audio opens the first user turn.
  const BpeTokenizer& tok = *p.tokenizer();
  if (turns_ == 0) {
    const std::string marker = "\x01AUDIO\x01";
    std::vector<ChatMessage> messages;
    if (system_prompt_) messages.push_back({"system", *system_prompt_});
    messages.push_back({"user", marker + text});
    ChatTemplate tmpl(system_prompt_ ? std::nullopt : std::optional<std::string>(ChatTemplate::kQwen25DefaultSystemPrompt));
    const auto seg = tmpl.render_segments(messages, marker, /*add_generation_prompt=*/true);
    const auto before = p.tokenize(seg[0]), after = p.tokenize(seg[1]);
    std::vector<int64_t> all = before;
    all.insert(all.end(), after.begin(), after.end());
    return run_turn(audio_block(before, after), all, settings, on_token);
  }
  // Close the previous answer if it did not end with <|im_end|>, then open the next user turn.
  const auto im_end = tok.token_to_id("<|im_end|>");
  std::vector<int64_t> ids;
  std::string text_before;
  if (pending_token_ >= 0) ids.push_back(pending_token_);
  if (!im_end || pending_token_ != *im_end) text_before = "<|im_end|>";
  const auto t = p.tokenize(text_before + "\n<|im_start|>user\n" + text + "<|im_end|>\n<|im_start|>assistant\n");
  ids.insert(ids.end(), t.begin(), t.end());
  return run_turn(p.decoder().embed(ids), ids, settings, on_token);
}

GenerationResult Conversation::ask_ids(const std::vector<int64_t>& prompt_ids, const GenerationSettings& settings,
                                       const TokenCallback& on_token) {
  if (layout_ != PromptLayout::kReference) throw Error("prompts as token ids need the reference layout");
  std::vector<int64_t> ids;
  if (pending_token_ >= 0) ids.push_back(pending_token_);
  ids.insert(ids.end(), prompt_ids.begin(), prompt_ids.end());
  auto inputs = turns_ == 0 ? audio_block({}, ids) : pipeline_->decoder().embed(ids);
  return run_turn(inputs, ids, settings, on_token);
}

GenerationResult Conversation::regenerate(const GenerationSettings& settings, const TokenCallback& on_token) {
  if (turns_ == 0) throw Error("nothing to regenerate: no question has been asked");
  state_.truncate(turn_start_);
  pending_token_ = turn_pending_;
  --turns_;
  return run_turn(turn_inputs_, turn_text_ids_, settings, on_token);
}

void Conversation::clear() {
  state_.clear();
  turns_ = 0;
  pending_token_ = -1;
  turn_start_ = 0;
  turn_inputs_ = torch::Tensor();
  turn_text_ids_.clear();
}

}  // namespace steerscope
