#pragma once
// ChatML, the chat format of Qwen2/Qwen2.5 (their tokenizer_config.json chat_template without tools,
// rendered in plain C++ instead of Jinja; formats.md §5.5 of the shared reference):
//
//   <|im_start|>system\n{system}<|im_end|>\n        first message if it is a system message, otherwise the
//                                                   default system prompt (if any)
//   <|im_start|>{role}\n{content}<|im_end|>\n       every other message, in order
//   <|im_start|>assistant\n                         with add_generation_prompt
//
// The result is text; BpeTokenizer::encode turns the <|im_start|>/<|im_end|> in it into their ids.
//
// Audio. The decoder places audio embeddings inside the user turn, between pieces of text. The caller
// writes a marker of its choosing (e.g. "<|AUDIO|>") where each clip goes in a message's content, and
// render_segments() returns the prompt cut at those markers: text[0] <audio 0> text[1] ... <audio n-1>
// text[n]. Only markers inside message contents count; the template's own text is never cut. Each
// segment is then tokenized on its own (as the SteerMoE reference tokenizes prompt pieces separately).

#include <optional>
#include <string>
#include <vector>

namespace steerscope {

struct ChatMessage {
  std::string role;  // "system", "user" or "assistant"
  std::string content;
};

class ChatTemplate {
 public:
  // Qwen2.5-Instruct's default system prompt, and Qwen2-Instruct's.
  static constexpr const char* kQwen25DefaultSystemPrompt =
      "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
  static constexpr const char* kQwen2DefaultSystemPrompt = "You are a helpful assistant.";

  // default_system_prompt: the system message used when the conversation does not start with one;
  // std::nullopt for none.
  explicit ChatTemplate(
      std::optional<std::string> default_system_prompt = std::string(kQwen25DefaultSystemPrompt));

  // Throws Error for a role other than system/user/assistant, naming the message's index.
  std::string render(const std::vector<ChatMessage>& messages, bool add_generation_prompt) const;

  // The rendered prompt cut at every occurrence of audio_marker (non-empty) in the messages' contents;
  // the markers themselves are removed. Always returns (number of markers + 1) segments, some possibly
  // empty; joining them with the marker in between gives render()'s text.
  std::vector<std::string> render_segments(const std::vector<ChatMessage>& messages,
                                           const std::string& audio_marker, bool add_generation_prompt) const;

  const std::optional<std::string>& default_system_prompt() const { return default_system_prompt_; }

 private:
  std::optional<std::string> default_system_prompt_;
};

}  // namespace steerscope
