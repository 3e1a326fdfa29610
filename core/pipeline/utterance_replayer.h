#pragma once
// Re-running the audio of a recorded utterance through the steered pipeline, optionally with
// interventions (core/model/intervention.h) applied at the router hook points. This is what `intervene`
// does to each utterance of a recording before comparing the two runs
// (analysis/intervention_effect_accumulator.h); the comparison itself stays in analysis/.
//
// Audio: read again from UtteranceRecord::source_path, a relative path resolved against
// ReplaySettings::audio_root. If the recording carries the file's sha256 (RecordingWriter stores
// sha256_file() of the source) and the file on disk now differs, the replay refuses: the two runs would
// not be of the same audio.
//
// Same conditions: the re-run must see the audio as the recorded run did, so after encoding every
// layer's trace must have the recorded frame count, valid frames and frame rate; a difference means the
// padding, pooling or window length differ from the recording's, and is an Error saying so (a routing
// comparison between differently framed runs would be meaningless).
//
// Decoding (with a decoder): the prompt is ReplaySettings::prompt_ids if given (reference layout, for a
// decoder without a tokenizer), else ReplaySettings::prompt, else the recorded utterance's own
// GeneratedText::prompt, else ReplaySettings::run_prompt (the recording's RunInfo::prompt); a text prompt
// needs the decoder's tokenizer. Decoding settings are ReplaySettings::generation; use
// recorded_generation_settings() to take the recording's.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/audio/log_mel_front_end.h"
#include "core/io/recording_types.h"
#include "core/model/generation_settings.h"
#include "core/model/intervention.h"
#include "core/pipeline/steered_pipeline.h"
#include "core/pipeline/utterance_encoder.h"

namespace steerscope {

struct ReplaySettings {
  MelPadding padding = MelPadding::kPadToWindow;  // encoder-only replays (a pipeline brings its own)
  PromptLayout layout = PromptLayout::kReference;
  std::optional<std::string> system_prompt;  // chatml layout
  std::optional<std::string> prompt;
  std::vector<int64_t> prompt_ids;
  std::string run_prompt;
  GenerationSettings generation;
  std::string audio_root;  // base of relative source paths; empty = the current directory
  bool verify_audio_sha256 = true;
};

class UtteranceReplayer {
 public:
  // Encoder only: replays give routing, no text.
  UtteranceReplayer(std::shared_ptr<const UtteranceEncoder> encoder, ReplaySettings settings);
  // Encoder and decoder (the pipeline's padding is used).
  UtteranceReplayer(std::shared_ptr<const SteeredPipeline> pipeline, ReplaySettings settings);

  bool has_decoder() const { return pipeline_ != nullptr; }
  const ReplaySettings& settings() const { return settings_; }

  // Runs the recorded utterance's audio again; interventions may be null (a plain re-run). The result
  // carries the recorded id, source, speaker, duration, reference text and tiers, the new routing, and,
  // with a decoder, the new output (without a decoder: no output). Throws Error naming the utterance
  // and file for missing or changed audio, a framing mismatch (see above), or a text prompt without a
  // tokenizer.
  UtteranceRecord replay(const UtteranceRecord& recorded, const InterventionSet* interventions) const;

  // Where the utterance's audio is read from.
  std::string audio_path(const UtteranceRecord& recorded) const;

 private:
  std::shared_ptr<const UtteranceEncoder> encoder_;
  std::shared_ptr<const SteeredPipeline> pipeline_;
  ReplaySettings settings_;
};

// The decoding settings a recording was made with: RunInfo::generation_json as GenerationSettings::to_json()
// writes it, each field present overriding `defaults`. An empty string gives the defaults. Throws Error
// naming the field for a value of the wrong type.
GenerationSettings recorded_generation_settings(const RunInfo& run, GenerationSettings defaults);

// The prompt token ids a recording was made with, as `record` stores them: RunInfo::extra["prompt_ids"],
// a JSON array of integers. Empty when absent; Error when present but not such an array.
std::vector<int64_t> recorded_prompt_ids(const RunInfo& run);

// The padding a recording was made with (RunInfo::padding "30s" or "none"); nullopt when it says neither.
std::optional<MelPadding> recorded_padding(const RunInfo& run);

}  // namespace steerscope
