#include "app/gui/welcome_page.h"

#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace steerscope::gui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
  auto* title =
      new QLabel(tr("<h1>SteerScope</h1><p>A workbench for steered audio-language models: see where the "
                    "router sends each frame, against the sound, the phones and the speakers.</p>"),
                 this);
  title->setWordWrap(true);
  auto* how = new QLabel(
      tr("<h3>Getting started</h3>"
         "<ul>"
         "<li><b>Open a recording</b> (.h5) made by <tt>steerscope-cli record</tt>, on this computer or a "
         "GPU "
         "cluster: routing, log-mel, transcripts and alignments of every utterance.</li>"
         "<li><b>Open checkpoints</b> (a Whisper encoder, a SteerMoE steering checkpoint, a Qwen2 or LLaMA "
         "decoder), then <b>open audio</b> to run the model live, intervene on experts and ask "
         "questions.</li>"
         "<li><b>Open a session</b> to restore an earlier analysis exactly as you left it.</li>"
         "</ul>"
         "<p>Drag the mouse over any pane to select, scroll the wheel to zoom, press Space to play.</p>"),
      this);
  how->setWordWrap(true);
  how->setTextFormat(Qt::RichText);
  auto* open_recording = new QPushButton(tr("Open recording…"), this);
  auto* open_audio = new QPushButton(tr("Open audio…"), this);
  auto* open_checkpoints = new QPushButton(tr("Open checkpoints…"), this);
  auto* open_session = new QPushButton(tr("Open session…"), this);
  demo_ = new QPushButton(tr("Open the demo"), this);
  auto* buttons = new QGridLayout;
  buttons->addWidget(open_recording, 0, 0);
  buttons->addWidget(open_audio, 0, 1);
  buttons->addWidget(open_checkpoints, 1, 0);
  buttons->addWidget(open_session, 1, 1);
  buttons->addWidget(demo_, 2, 0, 1, 2);
  recent_ = new QListWidget(this);
  recent_->setMaximumHeight(180);
  auto* column = new QVBoxLayout;
  column->addWidget(title);
  column->addWidget(how);
  column->addLayout(buttons);
  column->addWidget(new QLabel(tr("<h3>Recent files</h3>"), this));
  column->addWidget(recent_);
  column->addStretch(1);
  auto* outer = new QHBoxLayout(this);
  outer->addStretch(1);
  outer->addLayout(column, 3);
  outer->addStretch(1);
  connect(open_recording, &QPushButton::clicked, this, &WelcomePage::openRecordingRequested);
  connect(open_audio, &QPushButton::clicked, this, &WelcomePage::openAudioRequested);
  connect(open_checkpoints, &QPushButton::clicked, this, &WelcomePage::openCheckpointsRequested);
  connect(open_session, &QPushButton::clicked, this, &WelcomePage::openSessionRequested);
  connect(demo_, &QPushButton::clicked, this, &WelcomePage::openDemoRequested);
  connect(recent_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { emit recentFileRequested(item->text()); });
  setDemoAvailable(false);
}

void WelcomePage::setRecentFiles(const QStringList& files) {
  recent_->clear();
  recent_->addItems(files);
  if (files.isEmpty()) {
    auto* none = new QListWidgetItem(tr("(none yet)"), recent_);
    none->setFlags(Qt::NoItemFlags);
  }
}

void WelcomePage::setDemoAvailable(bool available) {
  demo_->setVisible(available);
}

}  // namespace steerscope::gui
