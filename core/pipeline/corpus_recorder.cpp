#include "core/pipeline/corpus_recorder.h"

#include <chrono>
#include <future>
#include <map>
#include <nlohmann/json.hpp>

#include "core/io/audio_file.h"
#include "core/pipeline/run_metadata.h"
#include "core/util/error.h"
#include "steerscope/build_info.h"

namespace steerscope {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void require_steering(const UtteranceEncoder& encoder, const PipelineConfig& config) {
  const SteeredEncoder& e = encoder.encoder();
  if (!e.steering() || !e.steering()->has_steering())
    throw Error("recording needs a steering checkpoint with a router" +
                (config.steering_path.empty() ? std::string(" (none given)")
                                              : " (" + config.steering_path + " has none)"));
  if (!e.steering_applied())
    throw Error(e.steering()->path() +
                ": steering is switched off (linear baseline); a recording holds the "
                "router traces of a steered run");
}

// The settings that decide what a run computes, besides the checkpoints: two runs that agree on these
// (and on the checkpoints) record the same numbers for the same audio.
const char* const kComputeSettings[] = {"window_seconds", "apply_steering", "interventions", "prompt_ids",
                                        "system_prompt"};

}  // namespace

CorpusRecorder::CorpusRecorder(std::shared_ptr<const UtteranceEncoder> encoder, PipelineConfig config,
                               CorpusRecorderOptions options)
    : encoder_(std::move(encoder)), config_(std::move(config)), options_(std::move(options)) {
  if (!encoder_) throw Error("CorpusRecorder: no encoder");
  require_steering(*encoder_, config_);
}

CorpusRecorder::CorpusRecorder(std::shared_ptr<const SteeredPipeline> pipeline, CorpusRecorderOptions options)
    : pipeline_(std::move(pipeline)), options_(std::move(options)) {
  if (!pipeline_) throw Error("CorpusRecorder: no pipeline");
  config_ = pipeline_->config();
  encoder_ = std::shared_ptr<const UtteranceEncoder>(pipeline_, &pipeline_->encoder());
  require_steering(*encoder_, config_);
  const RecorderPrompt& p = options_.prompt;
  if (!p.ids.empty() && p.layout != PromptLayout::kReference)
    throw Error("a prompt given as token ids needs the reference layout");
  if (p.ids.empty() && !pipeline_->tokenizer())
    throw Error(config_.decoder_dir + " has no tokenizer.json: give the prompt as token ids instead");
  options_.generation.validate();
}

RunInfo CorpusRecorder::describe_run() const {
  RunInfo run;
  run.tool_version = build_info::kVersion;
  run.start_time = utc_timestamp_now();
  run.checkpoints = checkpoint_identities(config_);
  run.dtype = config_.exec.dtype_string();
  run.device = config_.exec.device_string();
  const SteeredEncoder& e = encoder_->encoder();
  run.pooling = e.pooling().describe(e.layers());
  run.padding = config_.padding_name();
  run.extra["window_seconds"] = nlohmann::json(encoder_->front_end().config().window_seconds).dump();
  run.extra["apply_steering"] = e.steering_applied() ? "true" : "false";
  nlohmann::json interventions = nlohmann::json::array();
  for (const auto& iv : options_.interventions) interventions.push_back(iv.describe());
  run.extra["interventions"] = interventions.dump();
  if (pipeline_) {
    const RecorderPrompt& p = options_.prompt;
    run.prompt_layout = prompt_layout_name(p.layout);
    run.generation_json = options_.generation.to_json();
    if (p.ids.empty()) {
      run.prompt = p.text;
    } else {
      run.extra["prompt_ids"] = nlohmann::json(p.ids).dump();
    }
    if (p.layout == PromptLayout::kChatML && p.system_prompt) run.extra["system_prompt"] = *p.system_prompt;
  }
  return run;
}

ModelConstants CorpusRecorder::model_constants() const {
  return model_constants_of(*encoder_->encoder().steering());
}

RecordingOptions CorpusRecorder::recording_options() const {
  RecordingOptions o;
  o.n_mels = options_.keep_log_mel ? encoder_->front_end().config().n_mels : 0;
  return o;
}

void CorpusRecorder::check_same_models(const RecordingWriter& existing, const RunInfo& current) const {
  const std::string& path = existing.path();
  const RunInfo& old = existing.run_info();
  auto differ = [&](const std::string& what, const std::string& was, const std::string& now) {
    throw Error(path + ": was recorded with " + what + " " + (was.empty() ? "(none)" : was) +
                ", this run has " + (now.empty() ? "(none)" : now) +
                "; resume with the options of the original run or record to a new file");
  };
  std::map<std::string, std::string> old_sha, new_sha;
  for (const auto& c : old.checkpoints) old_sha[c.role] = c.sha256;
  for (const auto& c : current.checkpoints) new_sha[c.role] = c.sha256;
  for (const char* role : {"encoder", "steering", "decoder"}) {
    const std::string was = old_sha.count(role) ? old_sha[role] : "",
                      now = new_sha.count(role) ? new_sha[role] : "";
    if (was != now) differ(std::string("the ") + role + " checkpoint (sha256)", was, now);
  }
  if (!(existing.model_constants() == model_constants()))
    throw Error(path + ": was recorded with other steering constants than " +
                encoder_->encoder().steering()->path());
  if (existing.options().n_mels != 0 && existing.options().n_mels != encoder_->front_end().config().n_mels)
    differ("log-mel bands", std::to_string(existing.options().n_mels),
           std::to_string(encoder_->front_end().config().n_mels));
  const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
      {"dtype", {old.dtype, current.dtype}},
      {"pooling", {old.pooling, current.pooling}},
      {"padding", {old.padding, current.padding}},
      {"prompt", {old.prompt, current.prompt}},
      {"prompt layout", {old.prompt_layout, current.prompt_layout}},
      {"generation settings", {old.generation_json, current.generation_json}},
  };
  for (const auto& [name, values] : fields)
    if (values.first != values.second) differ(name, values.first, values.second);
  for (const char* key : kComputeSettings) {
    auto o = old.extra.find(key), n = current.extra.find(key);
    const std::string was = o == old.extra.end() ? "" : o->second,
                      now = n == current.extra.end() ? "" : n->second;
    if (was != now) differ(key, was, now);
  }
}

UtteranceRecord CorpusRecorder::record_one(const CorpusEntry& entry, bool keep_log_mel) const {
  UtteranceRecord u = record_from_entry(entry);  // its errors name the file at fault
  try {
    const auto t0 = Clock::now();
    AudioStream stream(entry.audio_path, encoder_->front_end().config().sample_rate);
    u.source_sample_rate = stream.info().sample_rate;
    u.duration_s = stream.info().duration_s();
    EncodeOptions eo;
    eo.padding = config_.padding;
    eo.interventions = &options_.interventions;
    eo.keep_log_mel = keep_log_mel;
    EncodedUtterance enc = encoder_->encode(stream, eo);
    u.log_mel = std::move(enc.log_mel);
    u.log_mel_frame_rate_hz =
        double(encoder_->front_end().config().sample_rate) / encoder_->front_end().config().hop_length;
    u.layers = std::move(enc.routing);
    if (pipeline_) {
      const RecorderPrompt& p = options_.prompt;
      Conversation conversation(pipeline_, enc.audio_prompts, p.layout, p.system_prompt);
      const GenerationResult r = p.ids.empty() ? conversation.ask(p.text, options_.generation)
                                               : conversation.ask_ids(p.ids, options_.generation);
      GeneratedText out;
      out.prompt = p.ids.empty() ? p.text : "";
      out.text = r.text;
      out.token_ids = r.token_ids;
      out.token_logprobs = r.token_logprobs;
      out.encoder_ms = enc.encoder_ms;
      out.first_token_ms = r.prefill_ms;
      out.total_ms = ms_since(t0);
      u.output = std::move(out);
    }
    return u;
  } catch (const Error& e) {
    // Messages from the model name tensors or configs, not the audio; make sure the audio file is named.
    const std::string what = e.what();
    if (what.find(entry.audio_path) != std::string::npos) throw;
    throw Error(entry.audio_path + ": " + what);
  } catch (const c10::Error& e) {
    throw Error(entry.audio_path + ": " + e.what_without_backtrace());
  }
}

CorpusRecordingSummary CorpusRecorder::record(const std::vector<CorpusEntry>& entries,
                                              RecordingWriter& writer,
                                              const CorpusRecordingCallback& progress) const {
  const auto t0 = Clock::now();
  const bool keep_log_mel = writer.options().n_mels > 0;
  CorpusRecordingSummary summary;
  summary.entries = entries.size();
  std::vector<const CorpusEntry*> todo;
  for (const auto& s : entries) {
    if (writer.contains(s.id))
      ++summary.already_recorded;
    else
      todo.push_back(&s);
  }

  CorpusRecordingProgress state;
  state.total = todo.size();
  auto report = [&](const UtteranceFailure* failure) {
    state.recorded = summary.recorded;
    state.failed = summary.failures.size();
    state.audio_s = summary.audio_s;
    state.elapsed_s = ms_since(t0) / 1000.0;
    state.failure = failure;
    if (progress && !progress(state)) throw Cancelled();
  };

  // At most one write in flight, on a helper thread; finish_write() waits for it and reports it.
  std::future<void> in_flight;
  double in_flight_audio_s = 0.0;
  auto finish_write = [&](bool report_it) {
    if (!in_flight.valid()) return;
    in_flight.get();  // rethrows a write error: the recording cannot go on
    ++summary.recorded;
    summary.audio_s += in_flight_audio_s;
    if (report_it) report(nullptr);
  };
  try {
    for (const CorpusEntry* s : todo) {
      UtteranceRecord u;
      try {
        u = record_one(*s, keep_log_mel);
      } catch (const Cancelled&) {
        throw;
      } catch (const std::exception& e) {  // Error, or std::bad_alloc for an audio file too long for memory
        finish_write(true);
        summary.failures.push_back({s->id, s->audio_path, e.what()});
        report(&summary.failures.back());
        continue;
      }
      finish_write(true);
      in_flight_audio_s = u.duration_s;
      in_flight = std::async(std::launch::async, [&writer, rec = std::move(u)] { writer.write(rec); });
    }
    finish_write(true);
  } catch (...) {
    // Cancelled, or a write error: let a write still in flight finish (its utterance stays in the file).
    if (in_flight.valid()) {
      try {
        finish_write(false);
      } catch (...) {
      }
    }
    throw;
  }
  summary.wall_s = ms_since(t0) / 1000.0;
  return summary;
}

}  // namespace steerscope
