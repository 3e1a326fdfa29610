#include "views/chat_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace steerscope::views {

QList<ChatExample> galleryExamples(const QList<QPair<QString, QString>>& clips,
                                   const QList<QPair<QString, QString>>& prompt_hints,
                                   const QStringList& questions, bool token_ids) {
  QList<ChatExample> out;
  for (int i = 0; i < clips.size(); ++i) {
    const auto& [title, path] = clips[i];
    if (token_ids) {
      out.push_back({title, path, QStringLiteral("%1, %2, %3").arg(10 + i).arg(200 + i).arg(3),
                     PromptMode::kTokenIds});
    } else if (!prompt_hints.isEmpty()) {
      const int n = i < kClipsWithEveryHint ? int(prompt_hints.size()) : 1;
      for (int h = 0; h < n; ++h) out.push_back({title, path, prompt_hints[h].second, PromptMode::kRawPrompt});
    } else if (!questions.isEmpty()) {
      out.push_back({title, path, questions[i % questions.size()], PromptMode::kQuestion});
    }
  }
  return out;
}

ChatPanel::ChatPanel(QWidget* parent) : QWidget(parent) {
  audio_ = new QLabel(tr("Audio: none"), this);
  QFont bold = audio_->font();
  bold.setBold(true);
  audio_->setFont(bold);
  use_timeline_ = new QPushButton(tr("Use timeline audio"), this);
  open_audio_ = new QPushButton(tr("Open audio…"), this);
  record_ = new QPushButton(tr("Record"), this);
  record_->setCheckable(true);
  record_->setToolTip(tr("Record a question or command from the microphone"));
  auto* top = new QHBoxLayout;
  top->addWidget(audio_, 1);
  top->addWidget(use_timeline_);
  top->addWidget(open_audio_);
  top->addWidget(record_);

  gallery_ = new QListWidget(this);
  gallery_->setToolTip(tr("Double-click an example to load its clip and ask its question"));
  auto* gallery_box = new QGroupBox(tr("Examples"), this);
  auto* gl = new QVBoxLayout(gallery_box);
  gl->addWidget(gallery_);

  conversation_ = new QTextBrowser(this);
  input_ = new QLineEdit(this);
  input_->setPlaceholderText(tr("Ask about the audio, or give a command…"));
  prompt_mode_ = new QComboBox(this);
  // In PromptMode's order: the entry's index is the mode.
  prompt_mode_->addItem(tr("Question"));
  prompt_mode_->addItem(tr("Prompt (sent as is)"));
  prompt_mode_->addItem(tr("Token ids"));
  prompt_mode_->setToolTip(
      tr("Question: the model's question instruction goes before your text. Prompt: your text is sent "
         "exactly as typed, for models trained with their own instructions. Token ids: for decoders "
         "without a tokenizer, e.g. 17, 300, 4"));
  ask_ = new QPushButton(tr("Ask"), this);
  ask_->setDefault(true);
  regenerate_ = new QPushButton(tr("Regenerate"), this);
  clear_ = new QPushButton(tr("Clear"), this);
  stop_ = new QPushButton(tr("Stop"), this);
  auto* input_row = new QHBoxLayout;
  input_row->addWidget(input_, 1);
  input_row->addWidget(prompt_mode_);
  input_row->addWidget(ask_);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(regenerate_);
  buttons->addWidget(clear_);
  buttons->addWidget(stop_);
  buttons->addStretch(1);
  timings_ = new QLabel(this);
  buttons->addWidget(timings_);
  auto* chat = new QWidget(this);
  auto* cl = new QVBoxLayout(chat);
  cl->setContentsMargins(0, 0, 0, 0);
  cl->addWidget(conversation_, 1);
  cl->addLayout(input_row);
  cl->addLayout(buttons);

  auto* sampling_box = new QGroupBox(tr("Decoding"), this);
  auto* form = new QFormLayout(sampling_box);
  decoding_ = new QComboBox(this);
  decoding_->addItem(tr("Greedy"));
  decoding_->addItem(tr("Sample"));
  form->addRow(tr("Mode"), decoding_);
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0.05, 5.0);
  temperature_->setSingleStep(0.05);
  form->addRow(tr("Temperature"), temperature_);
  top_k_ = new QSpinBox(this);
  top_k_->setRange(0, 10000);
  top_k_->setSpecialValueText(tr("off"));
  form->addRow(tr("Top-k"), top_k_);
  top_p_ = new QDoubleSpinBox(this);
  top_p_->setRange(0.01, 1.0);
  top_p_->setSingleStep(0.05);
  form->addRow(tr("Top-p"), top_p_);
  seed_ = new QSpinBox(this);
  seed_->setRange(0, 1000000000);
  form->addRow(tr("Seed"), seed_);
  max_tokens_ = new QSpinBox(this);
  max_tokens_->setRange(1, 4096);
  form->addRow(tr("Max new tokens"), max_tokens_);
  auto* left = new QWidget(this);
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->addWidget(gallery_box, 1);
  ll->addWidget(sampling_box);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(chat);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(split, 1);

  setSampling(SamplingChoice{});
  connect(ask_, &QPushButton::clicked, this, [this] { submit(input_->text()); });
  connect(input_, &QLineEdit::returnPressed, this, [this] { submit(input_->text()); });
  connect(regenerate_, &QPushButton::clicked, this, [this] {
    if (turns_.isEmpty() || busy_) return;
    turns_.back().answer.clear();
    turns_.back().note.clear();
    turns_.back().failed = false;
    render();
    emit regenerateRequested(sampling());
  });
  connect(clear_, &QPushButton::clicked, this, [this] {
    clearConversation();
    emit clearRequested();
  });
  connect(stop_, &QPushButton::clicked, this, &ChatPanel::stopRequested);
  connect(use_timeline_, &QPushButton::clicked, this, &ChatPanel::useTimelineAudioRequested);
  connect(open_audio_, &QPushButton::clicked, this, &ChatPanel::openAudioRequested);
  connect(record_, &QPushButton::toggled, this, [this](bool on) {
    record_->setText(on ? tr("Stop recording") : tr("Record"));
    emit recordToggled(on);
  });
  connect(decoding_, &QComboBox::currentIndexChanged, this, [this] { updateButtons(); });
  connect(gallery_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    const int i = gallery_->row(item);
    if (i < 0 || i >= examples_.size()) return;
    setPromptMode(examples_[i].mode);
    emit exampleActivated(examples_[i]);
  });
  updateButtons();
}

void ChatPanel::setAudioLabel(const QString& label) {
  audio_->setText(label);
}

void ChatPanel::setExamples(const QList<ChatExample>& examples) {
  examples_ = examples;
  gallery_->clear();
  for (const auto& e : examples) {
    auto* item = new QListWidgetItem(QStringLiteral("%1\n  “%2”").arg(e.title, e.question), gallery_);
    item->setToolTip(e.audio_path);
  }
}

void ChatPanel::setTokenIdPromptsOnly(bool only) {
  if (only)
    prompt_mode_->setCurrentIndex(int(PromptMode::kTokenIds));
  else if (token_ids_only_)
    prompt_mode_->setCurrentIndex(int(PromptMode::kQuestion));  // the forced mode no longer applies
  token_ids_only_ = only;
  prompt_mode_->setEnabled(!only);
  input_->setPlaceholderText(
      only ? tr("This decoder has no tokenizer: type the prompt as token ids, e.g. 17, 300, 4")
           : tr("Ask about the audio, or give a command…"));
}

PromptMode ChatPanel::promptMode() const {
  return PromptMode(qBound(0, prompt_mode_->currentIndex(), int(PromptMode::kTokenIds)));
}

void ChatPanel::setPromptMode(PromptMode mode) {
  if (token_ids_only_) return;
  prompt_mode_->setCurrentIndex(int(mode));
}

void ChatPanel::setEngineReady(bool ready) {
  ready_ = ready;
  updateButtons();
}

void ChatPanel::setBusy(bool busy) {
  busy_ = busy;
  updateButtons();
}

void ChatPanel::updateButtons() {
  ask_->setEnabled(ready_ && !busy_);
  input_->setEnabled(ready_);
  regenerate_->setEnabled(ready_ && !busy_ && !turns_.isEmpty());
  clear_->setEnabled(!busy_);
  stop_->setEnabled(busy_);
  const bool sample = decoding_->currentIndex() == 1;
  for (QWidget* w : std::initializer_list<QWidget*>{temperature_, top_k_, top_p_, seed_})
    w->setEnabled(sample);
}

SamplingChoice ChatPanel::sampling() const {
  SamplingChoice s;
  s.sample = decoding_->currentIndex() == 1;
  s.temperature = temperature_->value();
  s.top_k = top_k_->value();
  s.top_p = top_p_->value();
  s.seed = quint64(seed_->value());
  s.max_new_tokens = max_tokens_->value();
  return s;
}

void ChatPanel::setSampling(const SamplingChoice& s) {
  decoding_->setCurrentIndex(s.sample ? 1 : 0);
  temperature_->setValue(s.temperature);
  top_k_->setValue(s.top_k);
  top_p_->setValue(s.top_p);
  seed_->setValue(int(s.seed));
  max_tokens_->setValue(s.max_new_tokens);
  updateButtons();
}

void ChatPanel::submit(const QString& text) {
  // A raw prompt goes exactly as typed: models trained with "…into text: " expect the trailing space.
  const QString q = promptMode() == PromptMode::kRawPrompt ? text : text.trimmed();
  if (q.trimmed().isEmpty() || busy_ || !ready_) return;
  turns_.push_back({q, QString(), QString(), false});
  input_->clear();
  render();
  emit askRequested(q, promptMode(), sampling());
}

void ChatPanel::beginAnswer() {
  setBusy(true);
  timings_->setText(tr("thinking…"));
}

void ChatPanel::appendAnswer(const QString& text) {
  if (turns_.isEmpty()) return;
  turns_.back().answer += text;
  render();
}

void ChatPanel::finishAnswer(const AnswerTimings& t) {
  setBusy(false);
  QString note = tr("%1 tokens · first token %2 ms · %3 tokens/s")
                     .arg(t.tokens)
                     .arg(t.first_token_ms, 0, 'f', 0)
                     .arg(t.tokens_per_second, 0, 'f', 1);
  if (t.encoder_ms > 0) note = tr("encoder %1 ms · ").arg(t.encoder_ms, 0, 'f', 0) + note;
  if (!turns_.isEmpty()) turns_.back().note = note;
  timings_->setText(note);
  render();
}

void ChatPanel::failAnswer(const QString& message) {
  setBusy(false);
  if (!turns_.isEmpty()) {
    turns_.back().note = message;
    turns_.back().failed = true;
  }
  timings_->clear();
  render();
}

void ChatPanel::clearConversation() {
  turns_.clear();
  timings_->clear();
  render();
  updateButtons();
}

QString ChatPanel::conversationText() const {
  QStringList lines;
  for (const auto& t : turns_) {
    lines << QStringLiteral("> ") + t.question;
    lines << t.answer;
  }
  return lines.join(QLatin1Char('\n'));
}

void ChatPanel::render() {
  QString html;
  for (const auto& t : turns_) {
    html +=
        QStringLiteral(
            "<p style='margin:6px 0'><span style='background:#e3f2fd;padding:2px'><b>%1</b> %2</span></p>")
            .arg(tr("You:"), t.question.toHtmlEscaped());
    const QString answer = t.answer.isEmpty() && !t.failed ? QStringLiteral("…") : t.answer.toHtmlEscaped();
    html += QStringLiteral("<p style='margin:6px 0 2px 0'><b>%1</b> %2</p>").arg(tr("Model:"), answer);
    if (!t.note.isEmpty())
      html += QStringLiteral("<p style='margin:0 0 10px 0;color:%1;font-size:small'>%2</p>")
                  .arg(t.failed ? QStringLiteral("#b71c1c") : QStringLiteral("#666"), t.note.toHtmlEscaped());
  }
  if (turns_.isEmpty())
    html = QStringLiteral("<p style='color:#888'>%1</p>")
               .arg(tr("Choose the audio above (or an example on the left), then ask a question or give a "
                       "spoken command."));
  conversation_->setHtml(html);
  conversation_->moveCursor(QTextCursor::End);
  updateButtons();
}

}  // namespace steerscope::views
