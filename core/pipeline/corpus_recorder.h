#pragma once
// Batch recording (DESIGN.md §3): runs the steered pipeline over the entries of a corpus
// (corpus_entry.h) and writes one UtteranceRecord per utterance to a RecordingWriter: the audio file's
// identity, speaker, reference text and alignment tiers, the log-mel, every layer's router trace and, with
// a decoder, the generated text with token ids, log-probabilities and timings. `steerscope-cli record`
// records through this class, and the workbench is meant to: a front end only lists the corpus and reports
// progress.
//
// Failures. An utterance whose audio, alignments or processing fails is reported (UtteranceFailure, with
// the reason) and skipped; the run goes on. A failure of the recording itself (an I/O error while writing)
// ends the run with Error, since every later utterance would fail the same way; what was written stays
// readable and a later run can resume it.
//
// Resuming. record() skips entries whose id the writer already holds (RecordingWriter::append reopens a
// recording and reports its completed ids), so re-running the same list finishes a killed run with every
// utterance exactly once. check_same_models() refuses to resume with other models or settings.
//
// Overlap. While one utterance is being written (compression, two flushes), the next one is computed:
// writes run on a helper thread, one at a time, in corpus order. Progress reports an utterance as recorded
// only once its write has returned, i.e. once it would survive the process being killed.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/io/corpus_entry.h"
#include "core/io/recording_writer.h"
#include "core/model/intervention.h"
#include "core/pipeline/steered_pipeline.h"

namespace steerscope {

// What the decoder is asked for each utterance (used only when the recorder has a decoder).
struct RecorderPrompt {
  PromptLayout layout = PromptLayout::kReference;
  std::string text = kReferenceAsrPrompt;    // after the audio (reference) or the user's request (chatml)
  std::vector<int64_t> ids;                  // reference layout without a tokenizer: the prompt as ids
  std::optional<std::string> system_prompt;  // chatml only
};

struct CorpusRecorderOptions {
  InterventionSet interventions;
  bool keep_log_mel = true;  // recording_options().n_mels; record() follows the writer's n_mels
  RecorderPrompt prompt;
  GenerationSettings generation;  // callers usually start from SteeredPipeline::default_generation()
};

struct UtteranceFailure {
  std::string id;
  std::string source;  // audio path
  std::string reason;  // the error message
};

struct CorpusRecordingProgress {
  size_t total = 0;     // entries this call records (those not already in the recording)
  size_t recorded = 0;  // written and durable so far
  size_t failed = 0;
  double audio_s = 0.0;  // audio recorded so far
  double elapsed_s = 0.0;
  const UtteranceFailure* failure = nullptr;  // set when this report is about a failure
};
// Called after each utterance is written or has failed, from the thread that called record(). Return
// false to stop: record() then finishes the write in flight and throws Cancelled.
using CorpusRecordingCallback = std::function<bool(const CorpusRecordingProgress&)>;

struct CorpusRecordingSummary {
  size_t entries = 0;           // given to record()
  size_t already_recorded = 0;  // skipped because the recording had them (resume)
  size_t recorded = 0;
  std::vector<UtteranceFailure> failures;
  double audio_s = 0.0;  // of the utterances recorded
  double wall_s = 0.0;   // of the whole call
  // Wall time per second of audio recorded (< 1: faster than real time); 0 when nothing was recorded.
  double real_time_factor() const { return audio_s > 0 ? wall_s / audio_s : 0.0; }
};

class CorpusRecorder {
 public:
  // Encoder only: no output text. config names the checkpoints (for describe_run) and the padding. Both
  // constructors throw Error unless the encoder applies steering: a recording holds router traces.
  CorpusRecorder(std::shared_ptr<const UtteranceEncoder> encoder, PipelineConfig config,
                 CorpusRecorderOptions options = {});
  // Encoder and decoder. Throws Error if the prompt cannot be used (chatml or a text prompt without a
  // tokenizer, ids with chatml).
  CorpusRecorder(std::shared_ptr<const SteeredPipeline> pipeline, CorpusRecorderOptions options = {});

  bool has_decoder() const { return pipeline_ != nullptr; }
  const UtteranceEncoder& encoder() const { return *encoder_; }
  const CorpusRecorderOptions& options() const { return options_; }

  // The run's metadata: tool version, checkpoints with sha256 (reads every weights file), dtype, device,
  // pooling, padding, prompt and layout, generation settings, start time (now). Settings without a field
  // of their own go to extra: window_seconds, apply_steering, interventions, prompt_ids, system_prompt.
  // The caller adds command_line and anything else it knows (shard, corpus).
  RunInfo describe_run() const;
  ModelConstants model_constants() const;
  RecordingOptions recording_options() const;  // n_mels of the front end, or 0 without the log-mel

  // Throws Error naming the recording and the field if `existing` was made with other checkpoints (sha256
  // by role), model constants, log-mel bands or settings than `current` (from describe_run()) describes.
  // Device, start time, command line and tool version may differ.
  void check_same_models(const RecordingWriter& existing, const RunInfo& current) const;

  // Everything recorded for one utterance. Throws Error naming the file at fault.
  UtteranceRecord record_one(const CorpusEntry& entry) const {
    return record_one(entry, options_.keep_log_mel);
  }

  // Records every entry whose id is not yet in the writer, in order (see the header comment).
  CorpusRecordingSummary record(const std::vector<CorpusEntry>& entries, RecordingWriter& writer,
                                const CorpusRecordingCallback& progress = {}) const;

 private:
  UtteranceRecord record_one(const CorpusEntry& entry, bool keep_log_mel) const;

  std::shared_ptr<const UtteranceEncoder> encoder_;
  std::shared_ptr<const SteeredPipeline> pipeline_;  // null: encoder only
  PipelineConfig config_;
  CorpusRecorderOptions options_;
};

}  // namespace steerscope
