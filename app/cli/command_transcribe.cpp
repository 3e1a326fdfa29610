// steerscope-cli transcribe / ask: audio in, streamed text out.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cli/command_registry.h"
#include "app/cli/encoder_options.h"
#include "app/cli/generation_options.h"
#include "core/util/error.h"

namespace steerscope::cli {
namespace {

struct Session {
  std::shared_ptr<const SteeredPipeline> pipeline;
  GenerationSettings settings;
  PromptLayout layout;
  InterventionSet interventions;
};

Session open_session(const ArgParser& args) {
  Session s;
  PipelineConfig config = pipeline_config_from(args);
  config.decoder_dir = args.get("decoder");
  s.pipeline = SteeredPipeline::load(config);
  s.settings = generation_settings_from(args, s.pipeline->default_generation());
  s.layout = layout_from(args);
  s.interventions = interventions_from(args);
  return s;
}

EncodedUtterance encode_file(const Session& s, const std::string& path) {
  AudioStream stream(path, s.pipeline->encoder().front_end().config().sample_rate);
  EncodeOptions options;
  options.padding = s.pipeline->config().padding;
  options.interventions = &s.interventions;
  return s.pipeline->encoder().encode(stream, options);
}

// Streams tokens to stdout unless json output is wanted.
TokenCallback stdout_streamer(bool json) {
  if (json) return {};
  return [](const GeneratedToken& t) {
    std::cout << t.text << std::flush;
    return true;
  };
}

nlohmann::json result_json(const std::string& audio, const EncodedUtterance& enc, const GenerationResult& r) {
  const char* stop = r.stop == GenerationResult::Stop::kStopToken ? "stop_token"
                     : r.stop == GenerationResult::Stop::kMaxTokens ? "max_new_tokens" : "cancelled";
  return {{"audio", audio},
          {"text", r.text},
          {"token_ids", r.token_ids},
          {"token_logprobs", r.token_logprobs},
          {"stop", stop},
          {"audio_prompts", enc.audio_prompts.size(0)},
          {"timing", {{"encoder_ms", enc.encoder_ms}, {"first_token_ms", r.prefill_ms}, {"total_generation_ms", r.total_ms},
                      {"tokens_per_second", r.tokens_per_second()}}}};
}

void add_common(ArgParser& args) {
  add_encoder_options(args, /*steering_required=*/false);
  add_generation_options(args);
  args.add_option("prompt-ids", "1,2,3", "The prompt as token ids (for decoders without a tokenizer; reference layout)");
  args.add_flag("json", "Print one JSON object per audio file (text, token_ids, token_logprobs, timing) instead of streaming");
}

int run_transcribe(int argc, char** argv) {
  ArgParser args("transcribe", "Transcribe audio files with a steered encoder and a frozen LLM, streaming the text as it "
                 "is generated (timing on stderr).");
  add_common(args);
  args.add_multi_option("audio", "FILE", "Audio files");
  args.add_option("prompt", "TEXT", "Text after the audio (reference layout) or the user's request (chatml)", kReferenceAsrPrompt);
  if (!args.parse(argc, argv)) return 0;
  const auto files = args.get_all("audio");
  if (files.empty()) throw UsageError("missing required option --audio");
  Session s = open_session(args);
  const bool json = args.has("json");
  int failures = 0;
  for (const auto& path : files) {
    try {
      EncodedUtterance enc = encode_file(s, path);
      Conversation conv(s.pipeline, enc.audio_prompts, s.layout, args.has("system") ? std::optional(args.get("system")) : std::nullopt);
      if (!json && files.size() > 1) std::cout << path << ": " << std::flush;
      GenerationResult r = args.has("prompt-ids") ? conv.ask_ids(parse_id_list(args.get("prompt-ids"), "prompt-ids"), s.settings, stdout_streamer(json))
                                                  : conv.ask(args.get("prompt"), s.settings, stdout_streamer(json));
      if (json) std::cout << result_json(path, enc, r).dump() << "\n";
      else std::cout << "\n";
      std::cout << std::flush;
      print_timing(enc.encoder_ms, r);
    } catch (const Error& e) {
      // One bad file does not end a batch.
      ++failures;
      std::cerr << "steerscope-cli transcribe: error: " << e.what() << "\n";
    }
  }
  return failures ? 1 : 0;
}

int run_ask(int argc, char** argv) {
  ArgParser args("ask", "Ask questions about an audio file (spoken question answering, spoken commands). Several "
                 "--question values make a multi-turn conversation; --interactive reads questions from stdin, one per "
                 "line (/regenerate repeats the last answer, /clear forgets the conversation).");
  add_common(args);
  args.add_option("audio", "FILE", "Audio file");
  args.add_multi_option("question", "TEXT", "Question(s), asked in order in one conversation");
  args.add_flag("interactive", "Read questions from stdin until end of input");
  args.add_option("question-prefix", "TEXT", "Reference layout: text before each question", kReferenceQuestionPrefix);
  if (!args.parse(argc, argv)) return 0;
  if (!args.has("question") && !args.has("interactive") && !args.has("prompt-ids"))
    throw UsageError("give --question, --prompt-ids or --interactive");
  Session s = open_session(args);
  const bool json = args.has("json");
  const std::string audio = args.get("audio");
  EncodedUtterance enc = encode_file(s, audio);
  Conversation conv(s.pipeline, enc.audio_prompts, s.layout, args.has("system") ? std::optional(args.get("system")) : std::nullopt);
  const std::string prefix = s.layout == PromptLayout::kReference ? args.get("question-prefix") : "";

  auto answer = [&](const std::function<GenerationResult()>& turn, const std::string& question) {
    GenerationResult r = turn();
    if (json) {
      auto j = result_json(audio, enc, r);
      j["question"] = question;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << "\n";
    }
    std::cout << std::flush;
    print_timing(enc.encoder_ms, r);
    enc.encoder_ms = 0.0;  // the audio is encoded once per conversation
  };
  if (args.has("prompt-ids"))
    answer([&] { return conv.ask_ids(parse_id_list(args.get("prompt-ids"), "prompt-ids"), s.settings, stdout_streamer(json)); }, "");
  for (const auto& q : args.get_all("question")) {
    if (!json) std::cout << "> " << q << "\n";
    answer([&] { return conv.ask(prefix + q, s.settings, stdout_streamer(json)); }, q);
  }
  if (args.has("interactive")) {
    std::string line;
    while (true) {
      if (!json) std::cout << "> " << std::flush;
      if (!std::getline(std::cin, line)) break;
      if (line.empty()) continue;
      if (line == "/quit") break;
      if (line == "/clear") {
        conv.clear();
        continue;
      }
      if (line == "/regenerate") {
        GenerationSettings again = s.settings;
        again.seed += uint64_t(conv.turns()) * 7919;  // a different draw when sampling
        answer([&] { return conv.regenerate(again, stdout_streamer(json)); }, line);
        continue;
      }
      answer([&] { return conv.ask(prefix + line, s.settings, stdout_streamer(json)); }, line);
    }
  }
  return 0;
}

CommandRegistration transcribe_reg{"transcribe", "Transcribe audio with a steered encoder and a frozen LLM (streamed)", run_transcribe};
CommandRegistration ask_reg{"ask", "Ask questions about audio: spoken QA and commands, multi-turn or interactive", run_ask};

}  // namespace
}  // namespace steerscope::cli
