#pragma once
// The spoken-QA and commands demo (Qwen2-Audio/SALMONN-style demos, anchors.md A.9): a conversation about
// one piece of audio (the timeline's utterance, a file, or a microphone recording), streamed answers,
// regenerate and clear, sampling controls, a gallery of example clips and questions, and the timings a
// demo audience asks about (encoder time, time to first token, tokens per second).
//
// The panel is only the user interface: it emits requests and the app's live engine answers through
// the slots; it never touches a model. A prompt is a question (the engine adds the reference's question
// instruction), a prompt sent as typed (for models trained with other instructions, like the embedded
// demo's "please transcribe the audio content into text: "), or token ids: decoders without a tokenizer
// (the test fixtures) take their prompts as token ids, "17, 300, 4".

#include <QList>
#include <QPair>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace steerscope::views {

struct SamplingChoice {
  bool sample = false;  // false: greedy
  double temperature = 0.7;
  int top_k = 50;      // 0 = off
  double top_p = 0.9;  // 1 = off
  quint64 seed = 0;
  int max_new_tokens = 64;
};

// How the text of a prompt reaches the decoder (the prompt-mode combo's entries, in order).
enum class PromptMode {
  kQuestion,   // a question: the engine prepends the reference's question instruction
  kRawPrompt,  // sent exactly as typed
  kTokenIds,   // token ids, "17, 300, 4" (decoders without a tokenizer)
};

struct ChatExample {
  QString title;
  QString audio_path;
  QString question;  // text, or token ids for decoders without a tokenizer
  PromptMode mode = PromptMode::kQuestion;  // activating the example switches the prompt mode to this
};

// The gallery's examples for clips, given as (title, audio path), deterministically:
//  - token_ids (a decoder without a tokenizer): one token-id prompt per clip;
//  - prompt hints, (key, text) as the checkpoint's steermoe_config.json names them (the embedded demo's
//    asr_prompt, call_prompt): every clip the first hint and the first kClipsWithEveryHint clips also
//    the others, all sent as is;
//  - otherwise one of the questions per clip, in turn.
inline constexpr int kClipsWithEveryHint = 3;
QList<ChatExample> galleryExamples(const QList<QPair<QString, QString>>& clips,
                                   const QList<QPair<QString, QString>>& prompt_hints,
                                   const QStringList& questions, bool token_ids);

struct AnswerTimings {
  double encoder_ms = 0.0;      // 0 when the audio was encoded for an earlier turn
  double first_token_ms = 0.0;  // prompt ready -> first token
  double tokens_per_second = 0.0;
  int tokens = 0;
};

class ChatPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChatPanel(QWidget* parent = nullptr);

  void setAudioLabel(const QString& label);
  void setExamples(const QList<ChatExample>& examples);
  const QList<ChatExample>& examples() const { return examples_; }
  // Forces token-id prompts (the decoder has no tokenizer) or leaves the choice to the user.
  void setTokenIdPromptsOnly(bool only);
  bool tokenIdMode() const { return promptMode() == PromptMode::kTokenIds; }
  PromptMode promptMode() const;
  // Switches the prompt-mode combo; ignored while token ids are forced.
  void setPromptMode(PromptMode mode);
  void setEngineReady(bool ready);
  void setBusy(bool busy);
  bool isBusy() const { return busy_; }

  SamplingChoice sampling() const;
  void setSampling(const SamplingChoice& choice);

  // Sends text as the next prompt, in the current prompt mode, as the Ask button does.
  void submit(const QString& text);
  int turns() const { return int(turns_.size()); }
  QString lastAnswer() const { return turns_.isEmpty() ? QString() : turns_.back().answer; }
  QString conversationText() const;

 public slots:
  void beginAnswer();
  void appendAnswer(const QString& text);
  void finishAnswer(const steerscope::views::AnswerTimings& timings);
  void failAnswer(const QString& message);
  void clearConversation();

 signals:
  void askRequested(const QString& text, steerscope::views::PromptMode mode,
                    const steerscope::views::SamplingChoice& sampling);
  void regenerateRequested(const steerscope::views::SamplingChoice& sampling);
  void clearRequested();
  void stopRequested();
  void useTimelineAudioRequested();
  void openAudioRequested();
  void recordToggled(bool on);
  void exampleActivated(const steerscope::views::ChatExample& example);

 private:
  struct Turn {
    QString question;
    QString answer;
    QString note;  // timings or error
    bool failed = false;
  };
  void render();
  void updateButtons();

  QList<Turn> turns_;
  QList<ChatExample> examples_;
  bool busy_ = false;
  bool ready_ = false;
  bool token_ids_only_ = false;
  QLabel* audio_;
  QPushButton* use_timeline_;
  QPushButton* open_audio_;
  QPushButton* record_;
  QListWidget* gallery_;
  QTextBrowser* conversation_;
  QLineEdit* input_;
  QComboBox* prompt_mode_;
  QPushButton* ask_;
  QPushButton* regenerate_;
  QPushButton* clear_;
  QPushButton* stop_;
  QLabel* timings_;
  QComboBox* decoding_;
  QDoubleSpinBox* temperature_;
  QSpinBox* top_k_;
  QDoubleSpinBox* top_p_;
  QSpinBox* seed_;
  QSpinBox* max_tokens_;
};

}  // namespace steerscope::views
