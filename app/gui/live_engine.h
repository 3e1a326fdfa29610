#pragma once
// The live engine: loads a steered pipeline and runs it in a worker thread, so the window never waits
// for LibTorch (Debian's LibTorch is CPU-only; a real encoder takes seconds). Three kinds of work:
//  - runs: encode one utterance's audio (optionally under interventions) and transcribe it, producing a
//    complete UtteranceRecord (routing, log-mel, tokens with log-probabilities, timings) that the views
//    show like any recording, with progress and streamed tokens on the way;
//  - a conversation about one piece of audio (spoken QA and commands): ask, regenerate, clear, with
//    streamed answers and timings;
//  - loading the checkpoints.
// Work is queued and runs one item at a time. cancel() stops the item in flight at the next window or
// token (the pipeline's cooperative cancellation). Results arrive as signals on the GUI thread.
//
// Views never see this class: the app turns its results into RecordingDocuments (DESIGN.md §1).

#include <QList>
#include <QObject>
#include <QPair>
#include <QThread>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/checkpoint_set.h"
#include "core/io/recording_types.h"
#include "core/pipeline/text_generator.h"
#include "views/chat_panel.h"
#include "views/intervention_request.h"
#include "views/source_audio.h"
#include "views/timeline_content.h"

namespace steerscope::gui {

struct LiveRunRequest {
  QString id;  // utterance id of the result
  std::shared_ptr<const views::SourceAudio> audio;
  // Copied into the result so that the views can show them against the new routing.
  std::vector<AlignmentTier> tiers;
  std::string speaker;
  std::string reference_text;
  std::vector<views::InterventionRequest> interventions;
  bool generate = true;  // transcribe after encoding (needs a decoder)
  views::SamplingChoice sampling;
};

struct LiveRunResult {
  UtteranceRecord record;
  std::shared_ptr<const views::SourceAudio> audio;  // what was run
  std::vector<views::TokenText> token_texts;
  RunInfo run;
  ModelConstants constants;
  std::vector<views::InterventionRequest> interventions;
};

// The text a conversation turn sends for a prompt in mode kQuestion or kRawPrompt: a question gets the
// reference's question instruction (kReferenceQuestionPrefix) when the decoder has a tokenizer; a raw
// prompt goes exactly as typed.
std::string conversationPromptText(const QString& text, views::PromptMode mode, bool has_tokenizer);

class LiveEngine : public QObject {
  Q_OBJECT
 public:
  explicit LiveEngine(QObject* parent = nullptr);
  ~LiveEngine() override;

  // State as of the last result delivered to the GUI thread.
  bool isLoaded() const { return loaded_; }
  bool hasDecoder() const { return has_decoder_; }
  bool hasTokenizer() const { return has_tokenizer_; }
  bool hasSteering() const { return has_steering_; }
  // The instruction prompts the steering checkpoint's steermoe_config.json names, as (key, text) in the
  // file's order (e.g. the embedded demo's asr_prompt and call_prompt); empty for reference checkpoints.
  const QList<QPair<QString, QString>>& promptHints() const { return prompt_hints_; }
  bool isBusy() const { return pending_ > 0; }
  const CheckpointSet& checkpoints() const { return checkpoints_; }

  void load(const CheckpointSet& checkpoints);
  // Returns the request's number, repeated in the run signals.
  int run(LiveRunRequest request);
  // The audio the conversation is about; forgets the conversation. It is encoded at the first question.
  void setConversationAudio(std::shared_ptr<const views::SourceAudio> audio);
  // text is a question, a prompt sent as is (both need a tokenizer), or a list of token ids ("17, 300, 4"),
  // as mode says.
  void ask(const QString& text, views::PromptMode mode, const views::SamplingChoice& sampling);
  void regenerate(const views::SamplingChoice& sampling);
  void clearConversation();
  // Stops the item in flight (and nothing queued after it).
  void cancel();

 signals:
  void loaded(const QString& description);
  void loadFailed(const QString& message);
  void busyChanged(bool busy);
  void progress(double fraction, const QString& stage);
  // text: what the token completes, or a special token's content (special = true).
  void runToken(int request, qint64 id, const QString& text, float logprob, bool special);
  void runFinished(int request, std::shared_ptr<const steerscope::gui::LiveRunResult> result);
  // cancelled: the user stopped it (message says so); otherwise an error.
  void runFailed(int request, const QString& message, bool cancelled);
  void answerStarted();
  void answerToken(const QString& text);
  void answerFinished(const steerscope::views::AnswerTimings& timings);
  void answerFailed(const QString& message);

 private:
  struct Worker;
  // Queues fn on the worker thread; done() runs on the GUI thread after it (busy bookkeeping).
  void submit(std::function<void()> fn);
  // One chat turn on the worker thread: turn produces the answer (streaming tokens through on_token, setting
  // encoder_ms if it encoded the audio); answer() streams, times and reports it with the answer* signals.
  using AnswerTurn = std::function<GenerationResult(Worker&, const TokenCallback&, double& encoder_ms)>;
  void answer(AnswerTurn turn);
  void finished();

  QThread thread_;
  QObject* worker_context_ = nullptr;  // lives in thread_
  std::shared_ptr<Worker> worker_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  int pending_ = 0;
  int next_request_ = 1;
  bool loaded_ = false, has_decoder_ = false, has_tokenizer_ = false, has_steering_ = false;
  CheckpointSet checkpoints_;
  QList<QPair<QString, QString>> prompt_hints_;
};

}  // namespace steerscope::gui
