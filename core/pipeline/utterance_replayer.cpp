#include "core/pipeline/utterance_replayer.h"

#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/io/audio_file.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace steerscope {

namespace {

bool is_sha256_hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The recorded and the replayed traces must frame the audio identically.
void check_same_framing(const UtteranceRecord& recorded, const std::vector<RouterTrace>& replayed) {
  const std::string who = "utterance '" + recorded.id + "'";
  const std::string hint =
      "; the re-run must use the recording's padding, pooling and window length (--padding, --pool, "
      "--pool-kernel, --pool-after-layer, --window-seconds) and its steering checkpoint";
  if (recorded.layers.size() != replayed.size())
    throw Error(who + ": the recording has " + std::to_string(recorded.layers.size()) +
                " router layers, the re-run " + std::to_string(replayed.size()) + hint);
  for (size_t l = 0; l < replayed.size(); ++l) {
    const RouterTrace& a = recorded.layers[l];
    const RouterTrace& b = replayed[l];
    const std::string where = who + " layer " + std::to_string(a.layer);
    if (a.layer != b.layer || a.probs.cols != b.probs.cols)
      throw Error(where + ": the recording has layer " + std::to_string(a.layer) + " with " +
                  std::to_string(a.probs.cols) + " experts, the re-run layer " + std::to_string(b.layer) +
                  " with " + std::to_string(b.probs.cols) + hint);
    if (a.probs.rows != b.probs.rows || a.valid_frames != b.valid_frames ||
        a.frame_rate_hz != b.frame_rate_hz)
      throw Error(where + ": recorded " + std::to_string(a.probs.rows) + " frames (" +
                  std::to_string(a.valid_frames) + " valid) at " + std::to_string(a.frame_rate_hz) +
                  " Hz, re-run " + std::to_string(b.probs.rows) + " frames (" +
                  std::to_string(b.valid_frames) + " valid) at " + std::to_string(b.frame_rate_hz) + " Hz" +
                  hint);
  }
}

}  // namespace

UtteranceReplayer::UtteranceReplayer(std::shared_ptr<const UtteranceEncoder> encoder, ReplaySettings settings)
    : encoder_(std::move(encoder)), settings_(std::move(settings)) {
  if (!encoder_) throw Error("utterance replay: no encoder");
}

UtteranceReplayer::UtteranceReplayer(std::shared_ptr<const SteeredPipeline> pipeline, ReplaySettings settings)
    : pipeline_(std::move(pipeline)), settings_(std::move(settings)) {
  if (!pipeline_) throw Error("utterance replay: no pipeline");
  // The pipeline owns its encoder; share ownership through the pipeline's lifetime.
  encoder_ = std::shared_ptr<const UtteranceEncoder>(pipeline_, &pipeline_->encoder());
  settings_.padding = pipeline_->config().padding;
}

std::string UtteranceReplayer::audio_path(const UtteranceRecord& recorded) const {
  if (recorded.source_path.empty())
    throw Error("utterance '" + recorded.id + "': the recording does not say which audio file it came from");
  std::filesystem::path p(recorded.source_path);
  if (p.is_relative() && !settings_.audio_root.empty()) p = std::filesystem::path(settings_.audio_root) / p;
  return p.string();
}

UtteranceRecord UtteranceReplayer::replay(const UtteranceRecord& recorded,
                                          const InterventionSet* interventions) const {
  const std::string path = audio_path(recorded);
  const std::string who = "utterance '" + recorded.id + "'";
  if (!std::filesystem::is_regular_file(path))
    throw Error(who + ": audio file " + path + " not found" +
                (settings_.audio_root.empty() ? " (relative paths can be resolved with --audio-root)" : ""));
  if (settings_.verify_audio_sha256 && is_sha256_hex(recorded.source_sha256)) {
    const std::string now = sha256_file(path);
    if (lower(now) != lower(recorded.source_sha256))
      throw Error(who + ": " + path + " has changed since the recording (sha256 " + now + ", recorded " +
                  recorded.source_sha256 + ")");
  }

  AudioStream stream(path, encoder_->front_end().config().sample_rate);
  EncodeOptions options;
  options.padding = settings_.padding;
  options.interventions = interventions;
  EncodedUtterance encoded = encoder_->encode(stream, options);
  check_same_framing(recorded, encoded.routing);

  UtteranceRecord out;
  out.id = recorded.id;
  out.source_path = recorded.source_path;
  out.source_sha256 = recorded.source_sha256;
  out.source_sample_rate = recorded.source_sample_rate;
  out.duration_s = recorded.duration_s;
  out.speaker = recorded.speaker;
  out.reference_text = recorded.reference_text;
  out.tiers = recorded.tiers;
  out.log_mel_frame_rate_hz = recorded.log_mel_frame_rate_hz;
  out.layers = std::move(encoded.routing);
  if (!pipeline_) return out;

  Conversation conversation(pipeline_, encoded.audio_prompts, settings_.layout, settings_.system_prompt);
  GeneratedText text;
  GenerationResult result;
  if (!settings_.prompt_ids.empty()) {
    result = conversation.ask_ids(settings_.prompt_ids, settings_.generation);
    text.prompt = recorded.output ? recorded.output->prompt : std::string();
  } else {
    if (settings_.prompt)
      text.prompt = *settings_.prompt;
    else if (recorded.output && !recorded.output->prompt.empty())
      text.prompt = recorded.output->prompt;
    else
      text.prompt = settings_.run_prompt;
    if (text.prompt.empty() && settings_.layout == PromptLayout::kReference)
      throw Error(who +
                  ": no prompt to decode with (the recording holds none); give --prompt or --prompt-ids");
    result = conversation.ask(text.prompt, settings_.generation);
  }
  text.text = std::move(result.text);
  text.token_ids = std::move(result.token_ids);
  text.token_logprobs = std::move(result.token_logprobs);
  text.encoder_ms = encoded.encoder_ms;
  text.first_token_ms = result.prefill_ms;
  text.total_ms = encoded.encoder_ms + result.total_ms;
  out.output = std::move(text);
  return out;
}

GenerationSettings recorded_generation_settings(const RunInfo& run, GenerationSettings s) {
  if (run.generation_json.empty()) return s;
  const std::string where = "the recording's generation settings";
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(run.generation_json);
  } catch (const nlohmann::json::exception& e) {
    throw Error(where + " are not JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(where + " are not a JSON object");
  auto read = [&](const char* key, auto& field) {
    if (!j.contains(key) || j[key].is_null()) return;
    try {
      field = j[key].get<std::decay_t<decltype(field)>>();
    } catch (const nlohmann::json::exception&) {
      throw Error(where + ": " + key + " has the wrong type (" + j[key].dump() + ")");
    }
  };
  read("do_sample", s.do_sample);
  read("temperature", s.temperature);
  read("top_k", s.top_k);
  read("top_p", s.top_p);
  read("repetition_penalty", s.repetition_penalty);
  read("penalty_includes_prompt", s.penalty_includes_prompt);
  read("max_new_tokens", s.max_new_tokens);
  read("stop_token_ids", s.stop_token_ids);
  read("seed", s.seed);
  return s;
}

std::vector<int64_t> recorded_prompt_ids(const RunInfo& run) {
  const auto it = run.extra.find("prompt_ids");
  if (it == run.extra.end() || it->second.empty()) return {};
  try {
    return nlohmann::json::parse(it->second).get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception&) {
    throw Error("the recording's prompt_ids attribute is not a JSON array of token ids: " + it->second);
  }
}

std::optional<MelPadding> recorded_padding(const RunInfo& run) {
  if (run.padding == "30s") return MelPadding::kPadToWindow;
  if (run.padding == "none") return MelPadding::kNone;
  return std::nullopt;
}

}  // namespace steerscope
