#include "core/text/chat_template.h"

#include "core/util/error.h"

namespace steerscope {

namespace {

// Appends text to the last segment, starting a new segment at each occurrence of marker (if non-empty).
void append_cut(std::vector<std::string>& segments, const std::string& text, const std::string& marker) {
  if (marker.empty()) {
    segments.back() += text;
    return;
  }
  size_t from = 0;
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, from)) {
    segments.back().append(text, from, at - from);
    segments.emplace_back();
    from = at + marker.size();
  }
  segments.back().append(text, from, std::string::npos);
}

std::vector<std::string> render_chatml(const std::vector<ChatMessage>& messages,
                                       const std::optional<std::string>& default_system,
                                       const std::string& marker, bool add_generation_prompt) {
  std::vector<std::string> segments(1);
  // The default system prompt is the template's text, not the caller's: it is never cut.
  const auto turn = [&](const std::string& role, const std::string& content, bool cut) {
    segments.back() += "<|im_start|>" + role + "\n";
    append_cut(segments, content, cut ? marker : std::string());
    segments.back() += "<|im_end|>\n";
  };
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::string& role = messages[i].role;
    if (role != "system" && role != "user" && role != "assistant")
      throw Error("chat message " + std::to_string(i) + ": role '" + role +
                  "' is not supported by the ChatML template (system, user, assistant)");
  }
  if ((messages.empty() || messages.front().role != "system") && default_system)
    turn("system", *default_system, false);
  for (const auto& m : messages) turn(m.role, m.content, true);
  if (add_generation_prompt) segments.back() += "<|im_start|>assistant\n";
  return segments;
}

}  // namespace

ChatTemplate::ChatTemplate(std::optional<std::string> default_system_prompt)
    : default_system_prompt_(std::move(default_system_prompt)) {}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, bool add_generation_prompt) const {
  return render_chatml(messages, default_system_prompt_, "", add_generation_prompt).front();
}

std::vector<std::string> ChatTemplate::render_segments(const std::vector<ChatMessage>& messages,
                                                       const std::string& audio_marker,
                                                       bool add_generation_prompt) const {
  if (audio_marker.empty()) throw Error("render_segments: the audio marker must not be empty");
  return render_chatml(messages, default_system_prompt_, audio_marker, add_generation_prompt);
}

}  // namespace steerscope
