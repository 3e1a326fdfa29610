#include "app/gui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>
#include <filesystem>
#include <map>
#include <mutex>

#include "analysis/checkpoint_comparison.h"
#include "analysis/corpus_analysis.h"
#include "app/gui/checkpoint_dialog.h"
#include "app/gui/demo_bundle.h"
#include "app/gui/session_file.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/welcome_page.h"
#include "app/gui/workbench_settings.h"
#include "core/io/audio_file.h"
#include "core/text/incremental_decoder.h"
#include "core/util/error.h"
#include "steerscope/build_info.h"
#include "views/audio_player.h"
#include "views/chat_panel.h"
#include "views/comparison_view.h"
#include "views/document_analysis.h"
#include "views/frame_selection.h"
#include "views/microphone_recorder.h"
#include "views/routing_charts_view.h"
#include "views/spectrogram_settings_panel.h"
#include "views/timeline_stack.h"
#include "views/transcript_view.h"
#include "views/utterance_loader.h"
#include "views/view_export.h"

#include <torch/version.h>

namespace steerscope::gui {

using views::RecordingDocument;
using views::RecordingDocumentPtr;
using views::TimelineContent;
using views::TimelineContentPtr;

// A comparison waiting for live runs: A and B arrive in either order.
struct MainWindow::PendingComparison {
  enum class Kind { kIntervention, kCheckpoints } kind = Kind::kIntervention;
  std::string utterance_id;
  QString label_a, label_b;
  int a_request = -1, b_request = -1;
  TimelineContentPtr a, b;
  std::shared_ptr<const LiveRunResult> a_run, b_run;
};

namespace {

struct LoadedUtterance {
  TimelineContentPtr content;
  QString error;
};

// The texts of a recording's tokens, from the tokenizer of the decoder its run names when that can be found
// (where it was, or moved together with the recording, as the installed demo is); null otherwise, and the
// transcript shows token ids.
views::UtteranceLoader::TokenDecoder recordingTokenDecoder(const RecordingDocument& doc) {
  for (const auto& c : doc.runInfo().checkpoints) {
    if (c.role != "decoder" || c.path.empty()) continue;
    const std::string file =
        views::findRecordedFile((std::filesystem::path(c.path) / "tokenizer.json").string(), doc.directory());
    if (file.empty()) return {};
    // Read on the loading thread at first use: a real LLM's tokenizer.json takes a while to parse.
    struct Lazy {
      std::once_flag once;
      std::shared_ptr<const BpeTokenizer> tokenizer;
    };
    auto lazy = std::make_shared<Lazy>();
    return [lazy, file](const std::vector<int64_t>& ids) {
      std::call_once(lazy->once, [&] {
        try {
          lazy->tokenizer = std::make_shared<const BpeTokenizer>(file);
        } catch (const std::exception&) {  // unreadable: the transcript shows ids
        }
      });
      std::vector<views::TokenText> out;
      if (!lazy->tokenizer) return out;
      const BpeTokenizer& tok = *lazy->tokenizer;
      IncrementalDecoder text(tok, /*skip_special_tokens=*/true);  // as live runs stream them
      for (int64_t id : ids) {
        const auto i = static_cast<int32_t>(id);
        if (tok.is_special(i)) out.push_back({tok.id_to_token(i).value_or(""), true});
        else out.push_back({text.push(i)});
      }
      if (!out.empty() && !out.back().special) out.back().text += text.flush();  // as live runs do
      return out;
    };
  }
  return {};
}

// Everything a timeline needs for one utterance, read off the GUI thread.
LoadedUtterance loadUtterance(RecordingDocumentPtr doc, size_t index, std::vector<views::TokenText> token_texts) {
  LoadedUtterance out;
  try {
    auto content = std::make_shared<TimelineContent>();
    content->record = doc->read(index);
    content->audio = views::loadSourceAudio(content->record, doc->directory());
    content->token_texts = std::move(token_texts);
    content->source_label = QStringLiteral("%1 · %2").arg(QString::fromStdString(doc->name()),
                                                          QString::fromStdString(content->record.id));
    content->refreshDerivedTiers();
    out.content = content;
  } catch (const std::exception& e) {
    out.error = QString::fromStdString(e.what());
  }
  return out;
}

QString shortcutText(const QKeySequence& k) {
  return k.toString(QKeySequence::NativeText);
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), engine_(new LiveEngine(this)) {
  setWindowTitle(tr("SteerScope"));
  setObjectName(QStringLiteral("SteerScopeMainWindow"));
  auto* model = new views::TimelineModel(this);

  stack_ = new views::TimelineStack(model, this);
  transcript_ = new views::TranscriptView(this);
  auto* transcript_scroll = new QScrollArea(this);
  transcript_scroll->setWidget(transcript_);
  transcript_scroll->setWidgetResizable(true);
  transcript_scroll->setMinimumHeight(70);
  auto* timeline_split = new QSplitter(Qt::Vertical, this);
  timeline_split->addWidget(stack_);
  timeline_split->addWidget(transcript_scroll);
  timeline_split->setStretchFactor(0, 5);
  timeline_split->setStretchFactor(1, 1);
  charts_ = new views::RoutingChartsView(this);
  comparison_ = new views::ComparisonView(this);
  chat_ = new views::ChatPanel(this);
  tabs_ = new QTabWidget(this);
  tabs_->addTab(timeline_split, tr("Timeline"));
  tabs_->addTab(charts_, tr("Charts"));
  tabs_->addTab(comparison_, tr("Comparison"));
  tabs_->addTab(chat_, tr("Ask"));
  welcome_ = new WelcomePage(this);
  central_ = new QStackedWidget(this);
  central_->addWidget(welcome_);
  central_->addWidget(tabs_);
  setCentralWidget(central_);

  player_ = new views::AudioPlayer(model, this);
  loader_ = new views::UtteranceLoader(this);
  connect(loader_, &views::UtteranceLoader::contentReady, this,
          [this](views::TimelineContentPtr content, bool complete) {
            showContent(content, current_index_, complete);
          });
  connect(loader_, &views::UtteranceLoader::failed, this,
          [this](const QString& message) { showError(tr("Could not read the utterance"), message); });
  mic_ = new views::MicrophoneRecorder(this);

  hover_ = new QLabel(this);
  hover_->setMinimumWidth(200);
  engine_label_ = new QLabel(tr("No checkpoints loaded"), this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 100);
  progress_->setMaximumWidth(180);
  progress_->setVisible(false);
  cancel_ = new QToolButton(this);
  cancel_->setText(tr("Cancel"));
  cancel_->setVisible(false);
  statusBar()->addWidget(hover_, 1);
  statusBar()->addPermanentWidget(engine_label_);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);

  buildDocks();
  buildActions();

  connect(stack_, &views::TimelineStack::hoverChanged, hover_, &QLabel::setText);
  connect(transcript_, &views::TranscriptView::hoverChanged, hover_, &QLabel::setText);
  connect(charts_, &views::RoutingChartsView::hoverChanged, hover_, &QLabel::setText);
  connect(comparison_, &views::ComparisonView::hoverChanged, hover_, &QLabel::setText);
  connect(stack_, &views::TimelineStack::layerChanged, this, &MainWindow::setLayer);
  connect(stack_, &views::TimelineStack::interventionRequested, this, &MainWindow::requestIntervention);
  connect(comparison_->heatmapA(), &views::RouterHeatmapPane::interventionRequested, this,
          &MainWindow::requestIntervention);
  connect(charts_, &views::RoutingChartsView::layerChanged, this, &MainWindow::setLayer);
  connect(charts_, &views::RoutingChartsView::cellActivated, this,
          [this](int layer, int expert, int labelling, const QString& label) {
            if (!content_) return;
            analysis::FrameLabelSpec spec;
            spec.tier = labelling == views::kSpeakerLabelling ? "speakers" : "phones";
            spec.kind = labelling == views::kPhoneClassLabelling ? analysis::FrameLabelKind::kPhoneClass
                        : labelling == views::kPhoneLabelling    ? analysis::FrameLabelKind::kTierLabel
                                                                 : analysis::FrameLabelKind::kSpeaker;
            const auto ranges = views::matchingFrameRanges(content_->record, layer, expert, spec,
                                                           label.toStdString(), stack_->includePadding());
            timeline()->setSelection(ranges);
            setLayer(layer);
            statusBar()->showMessage(
                tr("Selected %1 stretches (%2 s) where expert %3 dominates layer %4 on “%5”")
                    .arg(ranges.size())
                    .arg(timeline()->selectedSeconds(), 0, 'f', 2)
                    .arg(expert)
                    .arg(layer)
                    .arg(label),
                8000);
          });
  connect(display_, &views::SpectrogramSettingsPanel::settingsChanged, this,
          [this](const views::SpectrogramSettings& s) {
            try {
              stack_->setSpectrogramSettings(s);
              comparison_->setSpectrogramSettings(s);
            } catch (const Error& e) {
              showError(tr("Spectrogram settings"), QString::fromStdString(e.what()));
            }
          });
  connect(display_, &views::SpectrogramSettingsPanel::routerColourMapChanged, stack_,
          &views::TimelineStack::setRouterColourMap);
  // Settings changed elsewhere (menu presets, sessions) show in the panel and reach the comparison.
  connect(stack_, &views::TimelineStack::spectrogramSettingsChanged, this,
          [this](const views::SpectrogramSettings& s) {
            const QSignalBlocker block(display_);
            display_->setSettings(s);
            comparison_->setSpectrogramSettings(s);
          });
  connect(player_, &views::AudioPlayer::errorOccurred, this,
          [this](const QString& m) { showError(tr("Playback"), m); });

  // Live engine.
  connect(engine_, &LiveEngine::busyChanged, this, [this](bool busy) {
    progress_->setVisible(busy);
    cancel_->setVisible(busy);
    if (!busy) progress_->setValue(0);
    updateActions();
  });
  connect(engine_, &LiveEngine::progress, this, [this](double f, const QString& stage) {
    progress_->setValue(int(f * 100));
    progress_->setFormat(stage == QLatin1String("encoding")     ? tr("encoding %p%")
                         : stage == QLatin1String("generating") ? tr("generating…")
                                                                : QStringLiteral("%p%"));
  });
  connect(cancel_, &QToolButton::clicked, this, &MainWindow::cancelWork);
  connect(engine_, &LiveEngine::loaded, this, [this](const QString& description) {
    engine_label_->setText(tr("Models: %1").arg(description));
    chat_->setEngineReady(engine_->hasDecoder());
    chat_->setTokenIdPromptsOnly(engine_->hasDecoder() && !engine_->hasTokenizer());
    // A model trained with its own instructions (the embedded demo) takes its prompts as they are.
    chat_->setPromptMode(engine_->promptHints().isEmpty() ? views::PromptMode::kQuestion
                                                          : views::PromptMode::kRawPrompt);
    stack_->setInterventionsEnabled(engine_->hasSteering());
    comparison_->heatmapA()->setInterventionsEnabled(engine_->hasSteering());
    WorkbenchSettings().setLastCheckpoints(engine_->checkpoints());
    updateActions();
    updateChatExamples();
    emit checkpointsLoaded();
  });
  connect(engine_, &LiveEngine::loadFailed, this, [this](const QString& m) {
    engine_label_->setText(tr("No checkpoints loaded"));
    showError(tr("Could not load the checkpoints"), m);
    updateActions();
  });
  connect(engine_, &LiveEngine::runToken, this,
          [this](int request, qint64 id, const QString& text, float logprob, bool special) {
            if (request == pending_live_) transcript_->appendStreamedToken(id, text, logprob, special);
          });
  connect(engine_, &LiveEngine::runFinished, this, &MainWindow::onRunFinished);
  connect(engine_, &LiveEngine::runFailed, this, &MainWindow::onRunFailed);
  connect(engine_, &LiveEngine::answerStarted, chat_, &views::ChatPanel::beginAnswer);
  connect(engine_, &LiveEngine::answerToken, chat_, &views::ChatPanel::appendAnswer);
  connect(engine_, &LiveEngine::answerFinished, chat_, &views::ChatPanel::finishAnswer);
  connect(engine_, &LiveEngine::answerFailed, chat_, &views::ChatPanel::failAnswer);

  // Chat.
  connect(
      chat_, &views::ChatPanel::askRequested, this,
      [this](const QString& text, views::PromptMode mode, const views::SamplingChoice& s) {
        engine_->ask(text, mode, s);
      });
  connect(chat_, &views::ChatPanel::regenerateRequested, engine_, &LiveEngine::regenerate);
  connect(chat_, &views::ChatPanel::clearRequested, engine_, &LiveEngine::clearConversation);
  connect(chat_, &views::ChatPanel::stopRequested, engine_, &LiveEngine::cancel);
  connect(chat_, &views::ChatPanel::useTimelineAudioRequested, this, [this] {
    if (!content_ || !content_->audio) {
      showError(tr("Ask"), tr("The timeline's utterance has no readable audio."));
      return;
    }
    engine_->setConversationAudio(content_->audio);
    chat_->clearConversation();
    chat_->setAudioLabel(tr("Audio: %1 (%2 s)")
                             .arg(QString::fromStdString(content_->record.id))
                             .arg(content_->audio->durationSeconds(), 0, 'f', 1));
  });
  connect(chat_, &views::ChatPanel::openAudioRequested, this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Audio to ask about"), QString(),
                                     tr("Audio (*.wav *.flac *.ogg *.mp3 *.opus *.aiff);;All files (*)"));
    if (path.isEmpty()) return;
    try {
      AudioBuffer b = load_audio(path.toStdString(), 16000);
      engine_->setConversationAudio(views::makeSourceAudio(std::move(b.samples), 16000, path.toStdString()));
      chat_->clearConversation();
      chat_->setAudioLabel(tr("Audio: %1").arg(QFileInfo(path).fileName()));
    } catch (const Error& e) {
      showError(tr("Could not open the audio"), QString::fromStdString(e.what()));
    }
  });
  connect(chat_, &views::ChatPanel::recordToggled, this, [this](bool on) {
    if (on) {
      if (!mic_->start())
        chat_->setAudioLabel(tr("Audio: microphone unavailable"));
      else
        chat_->setAudioLabel(tr("Audio: recording from the microphone…"));
      return;
    }
    const int rate = mic_->sampleRate();
    std::vector<float> samples = mic_->stop();
    if (samples.empty()) return;
    if (rate != 16000) samples = resample(samples, rate, 16000);
    auto audio = views::makeSourceAudio(std::move(samples), 16000, tr("microphone recording").toStdString());
    engine_->setConversationAudio(audio);
    chat_->clearConversation();
    chat_->setAudioLabel(tr("Audio: microphone recording (%1 s)").arg(audio->durationSeconds(), 0, 'f', 1));
  });
  connect(mic_, &views::MicrophoneRecorder::errorOccurred, this,
          [this](const QString& m) { showError(tr("Microphone"), m); });
  connect(chat_, &views::ChatPanel::exampleActivated, this, [this](const views::ChatExample& e) {
    try {
      AudioBuffer b = load_audio(e.audio_path.toStdString(), 16000);
      engine_->setConversationAudio(
          views::makeSourceAudio(std::move(b.samples), 16000, e.audio_path.toStdString()));
      chat_->clearConversation();
      chat_->setAudioLabel(tr("Audio: %1").arg(e.title));
      chat_->setPromptMode(e.mode);
      chat_->submit(e.question);
    } catch (const Error& err) {
      showError(tr("Could not open the example"), QString::fromStdString(err.what()));
    }
  });

  // Welcome page.
  connect(welcome_, &WelcomePage::openRecordingRequested, this, &MainWindow::chooseRecording);
  connect(welcome_, &WelcomePage::openAudioRequested, this, &MainWindow::chooseAudio);
  connect(welcome_, &WelcomePage::openCheckpointsRequested, this, &MainWindow::chooseCheckpoints);
  connect(welcome_, &WelcomePage::openSessionRequested, this, &MainWindow::chooseSessionToOpen);
  connect(welcome_, &WelcomePage::openDemoRequested, this, [this] {
    const QString demo = findDemoRecording();
    if (!demo.isEmpty()) openRecording(demo);
  });
  connect(welcome_, &WelcomePage::recentFileRequested, this, [this](const QString& path) {
    if (path.endsWith(QLatin1String(".") + SessionFile::kSuffix)) {
      openSession(path);
    } else if (path.endsWith(QLatin1String(".h5")) || path.endsWith(QLatin1String(".hdf5"))) {
      openRecording(path);
    } else {
      openAudioFile(path);
    }
  });

  WorkbenchSettings settings;
  welcome_->setRecentFiles(settings.recentFiles());
  welcome_->setDemoAvailable(!findDemoRecording().isEmpty());
  updateRecentMenu();
  resize(1440, 900);
  if (!settings.windowGeometry().isEmpty()) restoreGeometry(settings.windowGeometry());
  if (!settings.windowState().isEmpty()) restoreState(settings.windowState());
  updateActions();
}

MainWindow::~MainWindow() = default;

views::TimelineModel* MainWindow::timeline() const {
  return stack_->timeline();
}
bool MainWindow::isWelcomeShown() const {
  return central_->currentWidget() == welcome_;
}
bool MainWindow::isBusy() const {
  return engine_->isBusy() || (engine_b_ && engine_b_->isBusy());
}
QString MainWindow::hoverText() const {
  return hover_->text();
}
QWidget* MainWindow::currentTabWidget() const {
  return tabs_->currentWidget();
}

void MainWindow::buildDocks() {
  auto* files = new QWidget(this);
  documents_box_ = new QComboBox(files);
  utterances_ = new QListWidget(files);
  run_info_ = new QPlainTextEdit(files);
  run_info_->setReadOnly(true);
  run_info_->setMaximumHeight(170);
  QFont mono = run_info_->font();
  mono.setStyleHint(QFont::Monospace);
  mono.setPointSizeF(mono.pointSizeF() * 0.85);
  run_info_->setFont(mono);
  auto* fl = new QVBoxLayout(files);
  fl->setContentsMargins(4, 4, 4, 4);
  fl->addWidget(documents_box_);
  fl->addWidget(utterances_, 1);
  fl->addWidget(run_info_);
  auto* files_dock = new QDockWidget(tr("Recordings"), this);
  files_dock->setObjectName(QStringLiteral("recordings_dock"));
  files_dock->setWidget(files);
  addDockWidget(Qt::LeftDockWidgetArea, files_dock);
  connect(documents_box_, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0 && size_t(i) < documents_.size() && documents_[size_t(i)] != doc_)
      setDocument(documents_[size_t(i)]);
  });
  connect(utterances_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row != current_index_) selectUtterance(row);
  });

  display_ = new views::SpectrogramSettingsPanel(this);
  auto* display_dock = new QDockWidget(tr("Display"), this);
  display_dock->setObjectName(QStringLiteral("display_dock"));
  display_dock->setWidget(display_);
  addDockWidget(Qt::RightDockWidgetArea, display_dock);
  files_dock->setMinimumWidth(220);
  display_dock->setMinimumWidth(250);
}

void MainWindow::buildActions() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open_recording = file->addAction(tr("Open &recording…"), this, &MainWindow::chooseRecording);
  open_recording->setShortcut(QKeySequence::Open);
  QAction* open_audio = file->addAction(tr("Open &audio…"), this, &MainWindow::chooseAudio);
  open_audio->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  QAction* open_checkpoints = file->addAction(tr("Open &checkpoints…"), this, &MainWindow::chooseCheckpoints);
  open_checkpoints->setShortcut(QKeySequence(tr("Ctrl+K")));
  file->addAction(tr("Open recording to &compare…"), this, &MainWindow::chooseComparisonRecording);
  recent_menu_ = file->addMenu(tr("Recent files"));
  file->addSeparator();
  file->addAction(tr("Open &session…"), this, &MainWindow::chooseSessionToOpen);
  QAction* save = file->addAction(tr("&Save session"), this, [this] { chooseSessionToSave(false); });
  save->setShortcut(QKeySequence::Save);
  QAction* save_as = file->addAction(tr("Save session &as…"), this, [this] { chooseSessionToSave(true); });
  save_as->setShortcut(QKeySequence::SaveAs);
  save_live_action_ = file->addAction(tr("Save live runs as recording…"), this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save live runs"), QString(), tr("Recordings (*.h5)"));
    if (!path.isEmpty()) saveLiveRuns(path);
  });
  file->addSeparator();
  QMenu* exp = file->addMenu(tr("&Export"));
  QAction* png = exp->addAction(tr("Visible view as &PNG…"), this, [this] { chooseExport("png"); });
  png->setShortcut(QKeySequence(tr("Ctrl+E")));
  exp->addAction(tr("Visible view as &SVG…"), this, [this] { chooseExport("svg"); });
  QAction* csv = exp->addAction(tr("Pane data as &CSV…"), this, [this] { chooseExport("pane-csv"); });
  csv->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
  exp->addAction(tr("&Analysis table as CSV…"), this, [this] { chooseExport("table-csv"); });
  file->addSeparator();
  QAction* settings = file->addAction(tr("Se&ttings…"), this, &MainWindow::chooseSettings);
  settings->setShortcut(QKeySequence::Preferences);
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  auto* model = timeline();
  QAction* zoom_in = view->addAction(tr("Zoom &in"), model, &views::TimelineModel::zoomIn);
  zoom_in->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
  QAction* zoom_out = view->addAction(tr("Zoom &out"), model, &views::TimelineModel::zoomOut);
  zoom_out->setShortcut(QKeySequence::ZoomOut);
  QAction* fit = view->addAction(tr("Zoom to &fit"), model, &views::TimelineModel::zoomToFit);
  fit->setShortcut(QKeySequence(tr("Ctrl+0")));
  QAction* zoom_sel = view->addAction(tr("Zoom to &selection"), this, [model] {
    if (model->hasSelection()) model->zoomToRange(model->selectionExtent());
  });
  zoom_sel->setShortcut(QKeySequence(tr("Ctrl+Shift+F")));
  // Arrow keys and layer keys act on the timeline only, so that text fields keep them.
  auto add_timeline_key = [this](const QString& text, const QKeySequence& key, std::function<void()> fn) {
    auto* a = new QAction(text, stack_);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(a, &QAction::triggered, this, fn);
    stack_->addAction(a);
    return a;
  };
  add_timeline_key(tr("Scroll left"), QKeySequence(Qt::Key_Left), [model] { model->panByPages(-0.1); });
  add_timeline_key(tr("Scroll right"), QKeySequence(Qt::Key_Right), [model] { model->panByPages(0.1); });
  add_timeline_key(tr("Page left"), QKeySequence(Qt::Key_PageUp), [model] { model->panByPages(-0.9); });
  add_timeline_key(tr("Page right"), QKeySequence(Qt::Key_PageDown), [model] { model->panByPages(0.9); });
  add_timeline_key(tr("Start"), QKeySequence(Qt::Key_Home), [model] { model->setFirstColumn(0); });
  add_timeline_key(tr("End"), QKeySequence(Qt::Key_End),
                   [model] { model->setFirstColumn(model->maxFirstColumn()); });
  add_timeline_key(tr("Previous layer"), QKeySequence(Qt::Key_BracketLeft),
                   [this] { setLayer(stack_->layer() - 1); });
  add_timeline_key(tr("Next layer"), QKeySequence(Qt::Key_BracketRight),
                   [this] { setLayer(stack_->layer() + 1); });
  add_timeline_key(tr("Clear selection"), QKeySequence(Qt::Key_Escape), [model] { model->clearSelection(); });
  view->addSeparator();
  QMenu* panes = view->addMenu(tr("&Panes"));
  const std::pair<views::PaneKind, QString> kinds[] = {{views::PaneKind::kWaveform, tr("Waveform")},
                                                       {views::PaneKind::kSpectrogram, tr("Spectrogram")},
                                                       {views::PaneKind::kOverview, tr("All layers")},
                                                       {views::PaneKind::kHeatmap, tr("Router heatmap")},
                                                       {views::PaneKind::kSteering, tr("Steering strength")},
                                                       {views::PaneKind::kPhones, tr("Phones")},
                                                       {views::PaneKind::kWords, tr("Words")},
                                                       {views::PaneKind::kSpeakers, tr("Speakers")}};
  for (const auto& [kind, name] : kinds) {
    QAction* a = panes->addAction(name);
    a->setCheckable(true);
    a->setChecked(true);
    connect(a, &QAction::toggled, this, [this, kind = kind](bool on) { stack_->setPaneVisible(kind, on); });
  }
  QAction* padding = view->addAction(tr("Show padded frames"));
  padding->setCheckable(true);
  connect(padding, &QAction::toggled, stack_, &views::TimelineStack::setIncludePadding);
  QAction* encoder_view = view->addAction(tr("What the encoder sees"), this, [this] {
    stack_->setSpectrogramSettings(views::SpectrogramSettings::encoderPreset());
  });
  encoder_view->setShortcut(QKeySequence(tr("Ctrl+M")));
  view->addSeparator();
  view->addAction(tr("&Timeline"), this, [this] { showTab(Tab::kTimeline); })
      ->setShortcut(QKeySequence(tr("Ctrl+1")));
  view->addAction(tr("&Charts"), this, [this] { showTab(Tab::kCharts); })
      ->setShortcut(QKeySequence(tr("Ctrl+2")));
  view->addAction(tr("C&omparison"), this, [this] { showTab(Tab::kComparison); })
      ->setShortcut(QKeySequence(tr("Ctrl+3")));
  view->addAction(tr("&Ask"), this, [this] { showTab(Tab::kAsk); })->setShortcut(QKeySequence(tr("Ctrl+4")));

  QMenu* play = menuBar()->addMenu(tr("&Playback"));
  QAction* toggle = play->addAction(tr("&Play / stop"), player_, &views::AudioPlayer::togglePlayback);
  toggle->setShortcut(QKeySequence(Qt::Key_Space));
  toggle->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  stack_->addAction(toggle);
  QAction* play_sel = play->addAction(tr("Play &selection"), player_, &views::AudioPlayer::playSelection);
  play_sel->setShortcut(QKeySequence(tr("Shift+Space")));
  play_sel->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  stack_->addAction(play_sel);
  QMenu* follow = play->addMenu(tr("&Follow playback"));
  auto* follow_group = new QActionGroup(this);
  const std::pair<views::PlaybackFollow, QString> modes[] = {
      {views::PlaybackFollow::kPage, tr("Page")},
      {views::PlaybackFollow::kCentre, tr("Scroll (centred)")},
      {views::PlaybackFollow::kNone, tr("Off")}};
  for (const auto& [mode, name] : modes) {
    QAction* a = follow->addAction(name);
    a->setCheckable(true);
    a->setChecked(mode == model->follow());
    follow_group->addAction(a);
    connect(a, &QAction::triggered, model, [model, mode = mode] { model->setFollow(mode); });
  }

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run_action_ = run->addAction(tr("&Transcribe this utterance live"), this, &MainWindow::runLive);
  run_action_->setShortcut(QKeySequence(tr("Ctrl+R")));
  compare_checkpoints_action_ =
      run->addAction(tr("Compare with other &checkpoints…"), this, &MainWindow::chooseCompareCheckpoints);
  QAction* cancel = run->addAction(tr("&Cancel"), this, &MainWindow::cancelWork);
  cancel->setShortcut(QKeySequence(tr("Ctrl+.")));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)
      ->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&About SteerScope"), this, &MainWindow::showAbout);

  QToolBar* tools = addToolBar(tr("Main"));
  tools->setObjectName(QStringLiteral("main_toolbar"));
  tools->addAction(open_recording);
  tools->addAction(open_audio);
  tools->addAction(open_checkpoints);
  tools->addSeparator();
  tools->addAction(zoom_in);
  tools->addAction(zoom_out);
  tools->addAction(fit);
  tools->addSeparator();
  tools->addAction(toggle);
  tools->addAction(play_sel);
  tools->addSeparator();
  tools->addWidget(new QLabel(tr(" Layer "), tools));
  layer_box_ = new QSpinBox(tools);
  layer_box_->setRange(0, 0);
  layer_box_->setToolTip(tr("Encoder layer shown in the router heatmap ([ and ] step through layers)"));
  tools->addWidget(layer_box_);
  connect(layer_box_, &QSpinBox::valueChanged, this, &MainWindow::setLayer);
  tools->addSeparator();
  tools->addAction(run_action_);
}

void MainWindow::updateActions() {
  const bool loaded = engine_->isLoaded();
  const bool has_audio = content_ && content_->audio;
  run_action_->setEnabled(loaded && has_audio && !isBusy());
  compare_checkpoints_action_->setEnabled(loaded && has_audio && !isBusy());
  save_live_action_->setEnabled(live_doc_ && live_doc_->size() > 0);
}

void MainWindow::showError(const QString& title, const QString& message) {
  last_error_ = message;
  emit errorShown(message);
  // Window-modal but not blocking: the event loop (and any run in flight) keeps going.
  auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::startUp(const QStringList& files, const QString& demo_recording) {
  WorkbenchSettings settings;
  const bool first = !settings.firstRunDone();
  settings.setFirstRunDone();
  bool opened = false;
  for (const QString& f : files) {
    if (f.endsWith(QLatin1String(".") + SessionFile::kSuffix))
      opened = openSession(f) || opened;
    else if (f.endsWith(QLatin1String(".h5")) || f.endsWith(QLatin1String(".hdf5")))
      opened = openRecording(f) || opened;
    else
      opened = openAudioFile(f) || opened;
  }
  if (!opened && first && !demo_recording.isEmpty()) opened = openRecording(demo_recording);
  if (!opened) central_->setCurrentWidget(welcome_);
}

void MainWindow::updateRecentMenu() {
  recent_menu_->clear();
  const QStringList files = WorkbenchSettings().recentFiles();
  for (const QString& f : files) {
    recent_menu_->addAction(f, this, [this, f] {
      if (f.endsWith(QLatin1String(".") + SessionFile::kSuffix))
        openSession(f);
      else if (f.endsWith(QLatin1String(".h5")) || f.endsWith(QLatin1String(".hdf5")))
        openRecording(f);
      else
        openAudioFile(f);
    });
  }
  recent_menu_->setEnabled(!files.isEmpty());
  welcome_->setRecentFiles(files);
}

bool MainWindow::openRecording(const QString& path) {
  RecordingDocumentPtr doc;
  try {
    doc = RecordingDocument::open(path.toStdString());
  } catch (const std::exception& e) {
    showError(tr("Could not open the recording"), QString::fromStdString(e.what()));
    return false;
  }
  WorkbenchSettings().addRecentFile(QFileInfo(path).absoluteFilePath());
  updateRecentMenu();
  documents_.push_back(doc);
  audio_path_.clear();
  setDocument(doc);
  return true;
}

bool MainWindow::openComparisonRecording(const QString& path) {
  if (!doc_ || !content_) {
    showError(tr("Compare"),
              tr("Open a recording first; the comparison recording is paired with it by utterance id."));
    return false;
  }
  RecordingDocumentPtr b;
  try {
    b = RecordingDocument::open(path.toStdString());
  } catch (const std::exception& e) {
    showError(tr("Could not open the recording"), QString::fromStdString(e.what()));
    return false;
  }
  if (!b->find(content_->record.id)) {
    showError(tr("Compare"), tr("%1 has no utterance “%2”: recordings are paired by utterance id.")
                                 .arg(path, QString::fromStdString(content_->record.id)));
    return false;
  }
  compare_doc_ = b;
  startComparison(doc_, b, QString::fromStdString(doc_->name()), QString::fromStdString(b->name()),
                  content_->record.id);
  return true;
}

bool MainWindow::openAudioFile(const QString& path) {
  AudioBuffer buffer;
  try {
    buffer = load_audio(path.toStdString(), 16000);
  } catch (const Error& e) {
    showError(tr("Could not open the audio"), QString::fromStdString(e.what()));
    return false;
  }
  WorkbenchSettings().addRecentFile(QFileInfo(path).absoluteFilePath());
  updateRecentMenu();
  audio_path_ = QFileInfo(path).absoluteFilePath();
  // Audio without a recording: the timeline shows its waveform and spectrogram, and a live run fills
  // in the routing.
  auto content = std::make_shared<TimelineContent>();
  content->record.id = QFileInfo(path).completeBaseName().toStdString();
  content->record.source_path = path.toStdString();
  content->record.source_sample_rate = buffer.source.sample_rate;
  content->record.duration_s = buffer.duration_s();
  content->audio = views::makeSourceAudio(std::move(buffer.samples), 16000, path.toStdString());
  content->source_label = QFileInfo(path).fileName();
  content->refreshDerivedTiers();
  doc_.reset();
  current_index_ = -1;
  utterances_->clear();
  updateRunInfo();
  central_->setCurrentWidget(tabs_);
  showContent(content, -1);
  if (engine_->isLoaded()) runLive();
  return true;
}

void MainWindow::setDocument(RecordingDocumentPtr document, int select, TimelineContentPtr preloaded) {
  doc_ = std::move(document);
  loader_->setTokenDecoder(recordingTokenDecoder(*doc_));
  current_index_ = -1;
  updateDocumentList();
  {
    const QSignalBlocker block(utterances_);
    utterances_->clear();
    for (const auto& e : doc_->entries()) {
      QString text =
          QStringLiteral("%1  (%2 s)").arg(QString::fromStdString(e.id)).arg(e.duration_s, 0, 'f', 1);
      if (!e.speaker.empty()) text += QStringLiteral("  ") + QString::fromStdString(e.speaker);
      utterances_->addItem(text);
    }
  }
  updateRunInfo();
  central_->setCurrentWidget(tabs_);
  setWindowTitle(tr("%1 — SteerScope").arg(QString::fromStdString(doc_->name())));
  if (preloaded && select >= 0 && size_t(select) < doc_->size()) {
    current_index_ = select;
    loader_->cancel();  // a read in flight is for another utterance
    {
      const QSignalBlocker block(utterances_);
      utterances_->setCurrentRow(select);
    }
    showContent(preloaded, select);
  } else if (doc_->size() > 0) {
    selectUtterance(std::clamp(select, 0, int(doc_->size()) - 1));
  }
  startAnalysis();
  updateChatExamples();
}

void MainWindow::updateDocumentList() {
  const QSignalBlocker block(documents_box_);
  documents_box_->clear();
  int current = -1;
  for (size_t i = 0; i < documents_.size(); ++i) {
    documents_box_->addItem(QString::fromStdString(documents_[i]->name()));
    if (documents_[i] == doc_) current = int(i);
  }
  documents_box_->setCurrentIndex(current);
}

void MainWindow::updateRunInfo() {
  if (!doc_) {
    run_info_->setPlainText(audio_path_.isEmpty() ? QString() : tr("audio: %1").arg(audio_path_));
    return;
  }
  const RunInfo& r = doc_->runInfo();
  QStringList lines;
  lines << tr("utterances: %1").arg(doc_->size());
  if (doc_->hasConstants())
    lines << tr("layers × experts: %1 × %2 (width %3)")
                 .arg(doc_->constants().layers)
                 .arg(doc_->constants().experts)
                 .arg(doc_->constants().dim);
  for (const auto& c : r.checkpoints)
    lines << QStringLiteral("%1: %2").arg(QString::fromStdString(c.role), QString::fromStdString(c.path));
  if (!r.pooling.empty()) lines << tr("pooling: %1").arg(QString::fromStdString(r.pooling));
  if (!r.padding.empty()) lines << tr("padding: %1").arg(QString::fromStdString(r.padding));
  if (!r.device.empty())
    lines << tr("device: %1 %2").arg(QString::fromStdString(r.device), QString::fromStdString(r.dtype));
  if (!r.tool_version.empty())
    lines << tr("written by SteerScope %1").arg(QString::fromStdString(r.tool_version));
  if (!r.start_time.empty()) lines << tr("started: %1").arg(QString::fromStdString(r.start_time));
  for (const auto& [k, v] : r.extra)
    lines << QStringLiteral("%1: %2").arg(QString::fromStdString(k), QString::fromStdString(v));
  run_info_->setPlainText(lines.join(QLatin1Char('\n')));
}

void MainWindow::selectUtterance(int index) {
  if (!doc_ || index < 0 || size_t(index) >= doc_->size()) return;
  current_index_ = index;
  {
    const QSignalBlocker block(utterances_);
    utterances_->setCurrentRow(index);
  }
  std::vector<views::TokenText> texts;
  if (doc_ == live_doc_) {
    auto it = live_texts_.find(doc_->entries()[size_t(index)].id);
    if (it != live_texts_.end()) texts = it->second;
  }
  const QString label = QStringLiteral("%1 · %2").arg(
      QString::fromStdString(doc_->name()), QString::fromStdString(doc_->entries()[size_t(index)].id));
  loader_->load(doc_, size_t(index), stack_->layer(), std::move(texts), label);
}

void MainWindow::showContent(TimelineContentPtr content, int index, bool complete) {
  content_ = std::move(content);
  player_->setAudio(content_->audio);
  stack_->setContent(content_);
  transcript_->setContent(content_);
  {
    const QSignalBlocker block(layer_box_);
    layer_box_->setRange(0, std::max(0, content_->layerCount() - 1));
    layer_box_->setValue(stack_->layer());
  }
  if (!complete) return;
  if (content_->audio) {
    engine_->setConversationAudio(content_->audio);
    chat_->clearConversation();
    chat_->setAudioLabel(tr("Audio: %1 (%2 s)")
                             .arg(QString::fromStdString(content_->record.id))
                             .arg(content_->audio->durationSeconds(), 0, 'f', 1));
  }
  // Keep a file comparison in step with the utterance shown.
  if (compare_doc_ && doc_ && compare_doc_->find(content_->record.id) && !pending_)
    startComparison(doc_, compare_doc_, QString::fromStdString(doc_->name()),
                    QString::fromStdString(compare_doc_->name()), content_->record.id);
  updateActions();
  emit utteranceShown(index);
}

void MainWindow::setLayer(int layer) {
  if (content_) layer = std::clamp(layer, 0, std::max(0, content_->layerCount() - 1));
  stack_->setLayer(layer);
  if (layer_box_->value() != layer) {
    const QSignalBlocker block(layer_box_);
    layer_box_->setValue(layer);
  }
  if (charts_->layer() != layer && charts_->analysis()) {
    const QSignalBlocker block(charts_);
    charts_->setLayer(layer);
  }
  if (comparison_->hasPair() && comparison_->layer() != layer) comparison_->setLayer(layer);
}

void MainWindow::showTab(Tab tab) {
  if (isWelcomeShown()) central_->setCurrentWidget(tabs_);
  tabs_->setCurrentIndex(int(tab));
}

void MainWindow::startAnalysis() {
  if (!doc_) return;
  const uint64_t generation = ++analysis_generation_;
  charts_->showMessage(tr("Analysing %1 utterances…").arg(doc_->size()));
  auto doc = doc_;
  using Result = std::pair<std::shared_ptr<const analysis::CorpusAnalysis>, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    if (generation != analysis_generation_) return;
    const Result r = watcher->result();
    if (!r.first) {
      charts_->showMessage(tr("The analysis failed: %1").arg(r.second));
    } else {
      charts_->setAnalysis(r.first);
      charts_->setLayer(stack_->layer());
    }
    emit analysisFinished();
  });
  watcher->setFuture(QtConcurrent::run([doc]() -> Result {
    try {
      return {std::make_shared<const analysis::CorpusAnalysis>(
                  views::analyzeRecording(*doc, views::RecordingAnalysisOptions{})),
              QString()};
    } catch (const std::exception& e) {
      return {nullptr, QString::fromStdString(e.what())};
    }
  }));
}

void MainWindow::startComparison(RecordingDocumentPtr a, RecordingDocumentPtr b, const QString& label_a,
                                 const QString& label_b, const std::string& utterance_id) {
  using Result = std::tuple<std::shared_ptr<const analysis::CheckpointComparison>, TimelineContentPtr,
                            TimelineContentPtr, QString>;
  auto* watcher = new QFutureWatcher<Result>(this);
  const bool same_as_shown = a == doc_ && content_ && content_->record.id == utterance_id;
  TimelineContentPtr shown = same_as_shown ? content_ : nullptr;
  connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, label_a, label_b] {
    watcher->deleteLater();
    const Result r = watcher->result();
    if (!std::get<0>(r)) {
      showError(tr("Comparison failed"), std::get<3>(r));
      emit comparisonFinished();
      return;
    }
    comparison_->setPair(std::get<1>(r), label_a, std::get<2>(r), label_b);
    comparison_->setComparison(std::get<0>(r));
    comparison_->setLayer(stack_->layer());
    showTab(Tab::kComparison);
    emit comparisonFinished();
  });
  std::map<std::string, std::vector<views::TokenText>> texts = live_texts_;
  watcher->setFuture(QtConcurrent::run([a, b, utterance_id, shown, texts]() -> Result {
    try {
      auto comparison =
          std::make_shared<const analysis::CheckpointComparison>(views::compareRecordings(*a, *b));
      auto load = [&texts, &utterance_id](const RecordingDocumentPtr& d) {
        auto it = texts.find(utterance_id);
        LoadedUtterance l = loadUtterance(d, *d->find(utterance_id), {});
        if (!l.content) throw Error(l.error.toStdString());
        auto c = std::make_shared<TimelineContent>(*l.content);
        if (!d->isFile() && it != texts.end() && c->record.output &&
            it->second.size() == c->record.output->token_ids.size())
          c->token_texts = it->second;
        return TimelineContentPtr(c);
      };
      return {comparison, shown ? shown : load(a), load(b), QString()};
    } catch (const std::exception& e) {
      return {nullptr, nullptr, nullptr, QString::fromStdString(e.what())};
    }
  }));
}

LiveRunRequest MainWindow::requestForCurrent() const {
  LiveRunRequest r;
  r.id = QString::fromStdString(content_->record.id);
  r.audio = content_->audio;
  r.tiers = content_->record.tiers;
  r.speaker = content_->record.speaker;
  r.reference_text = content_->record.reference_text;
  r.sampling = chat_->sampling();
  r.sampling.sample = false;  // transcripts are greedy, so that differences come from the model
  r.sampling.max_new_tokens = std::max(r.sampling.max_new_tokens, 64);
  return r;
}

void MainWindow::runLive() {
  if (!engine_->isLoaded()) {
    showError(tr("Run"), tr("Load checkpoints first (File → Open checkpoints)."));
    return;
  }
  if (!content_ || !content_->audio) {
    showError(tr("Run"), tr("The current utterance has no readable source audio."));
    return;
  }
  transcript_->beginStreaming(tr("Transcribing %1 live…").arg(QString::fromStdString(content_->record.id)));
  pending_live_ = engine_->run(requestForCurrent());
}

TimelineContentPtr MainWindow::contentFromRun(const LiveRunResult& result, const QString& label) const {
  auto c = std::make_shared<TimelineContent>();
  c->record = result.record;
  c->token_texts = result.token_texts;
  c->audio = result.audio;
  c->source_label = label;
  c->refreshDerivedTiers();
  return c;
}

void MainWindow::onRunFinished(int request, std::shared_ptr<const LiveRunResult> result) {
  if (pending_ && (request == pending_->a_request || request == pending_->b_request)) {
    const bool is_a = request == pending_->a_request;
    (is_a ? pending_->a : pending_->b) =
        contentFromRun(*result, is_a ? pending_->label_a : pending_->label_b);
    (is_a ? pending_->a_run : pending_->b_run) = result;
    if (is_a) baselines_[result->record.id] = pending_->a;
    if (!pending_->a || !pending_->b) return;
    // Both sides are in: compare them as two one-utterance recordings.
    auto doc_a = RecordingDocument::inMemory(
        pending_->label_a.toStdString(), pending_->a_run ? pending_->a_run->run : result->run,
        pending_->a_run ? pending_->a_run->constants : result->constants);
    doc_a->append(pending_->a->record);
    auto doc_b = RecordingDocument::inMemory(pending_->label_b.toStdString(), pending_->b_run->run,
                                             pending_->b_run->constants);
    doc_b->append(pending_->b->record);
    live_texts_[pending_->utterance_id] = pending_->a->token_texts;
    const bool intervention = pending_->kind == PendingComparison::Kind::kIntervention;
    auto a_content = pending_->a, b_content = pending_->b;
    const QString la = pending_->label_a, lb = pending_->label_b;
    pending_.reset();
    using Result = std::shared_ptr<const analysis::CheckpointComparison>;
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this,
            [this, watcher, a_content, b_content, la, lb, intervention] {
              watcher->deleteLater();
              comparison_->setPair(a_content, la, b_content, lb);
              if (watcher->result()) comparison_->setComparison(watcher->result());
              comparison_->setLayer(stack_->layer());
              showTab(Tab::kComparison);
              statusBar()->showMessage(tr("A: %1 · B: %2: compared").arg(la, lb), 5000);
              emit comparisonFinished();
              if (intervention) emit interventionFinished();
            });
    watcher->setFuture(QtConcurrent::run([doc_a, doc_b]() -> Result {
      try {
        return std::make_shared<const analysis::CheckpointComparison>(
            views::compareRecordings(*doc_a, *doc_b));
      } catch (const std::exception&) {
        return nullptr;
      }
    }));
    return;
  }
  if (request != pending_live_) return;
  pending_live_ = 0;
  if (!live_doc_) {
    live_doc_ = RecordingDocument::inMemory(tr("Live runs").toStdString(), result->run, result->constants);
    documents_.push_back(live_doc_);
  }
  live_doc_->append(result->record);
  live_texts_[result->record.id] = result->token_texts;
  auto content = contentFromRun(*result, tr("live run"));
  baselines_[result->record.id] = content;
  ++live_runs_;
  setDocument(live_doc_, int(*live_doc_->find(result->record.id)), content);
  updateActions();
  emit liveRunFinished();
}

void MainWindow::onRunFailed(int request, const QString& message, bool cancelled) {
  if (pending_ && (request == pending_->a_request || request == pending_->b_request)) {
    pending_.reset();
    statusBar()->clearMessage();
    if (cancelled)
      statusBar()->showMessage(message, 5000);
    else
      showError(tr("The comparison run failed"), message);
    emit comparisonFinished();
    return;
  }
  if (request == pending_live_) {
    pending_live_ = 0;
    transcript_->setContent(content_);
    // Stopping a run is the user's choice, not an error: the status bar says so, no dialog.
    if (cancelled)
      statusBar()->showMessage(message, 5000);
    else
      showError(tr("The live run failed"), message);
    emit liveRunFinished();
  }
}

void MainWindow::requestIntervention(const views::InterventionRequest& request) {
  if (!engine_->isLoaded() || !engine_->hasSteering()) {
    showError(tr("Intervention"),
              tr("Interventions need a live engine with a steering checkpoint: open checkpoints first."));
    return;
  }
  if (!content_ || !content_->audio) {
    showError(tr("Intervention"), tr("The current utterance has no readable source audio to run again."));
    return;
  }
  pending_ = std::make_unique<PendingComparison>();
  pending_->kind = PendingComparison::Kind::kIntervention;
  pending_->utterance_id = content_->record.id;
  pending_->label_a = tr("baseline");
  pending_->label_b = request.describe();
  LiveRunRequest base = requestForCurrent();
  auto cached = baselines_.find(content_->record.id);
  if (cached != baselines_.end()) {
    pending_->a = cached->second;
  } else {
    pending_->a_request = engine_->run(base);
  }
  LiveRunRequest changed = base;
  changed.interventions = {request};
  transcript_->beginStreaming(tr("Running with %1…").arg(request.describe()));
  pending_->b_request = engine_->run(changed);
  statusBar()->showMessage(
      tr("Running %1 on %2…").arg(request.describe(), QString::fromStdString(content_->record.id)));
}

void MainWindow::compareWithCheckpoints(const CheckpointSet& b) {
  if (!engine_->isLoaded()) {
    showError(tr("Compare"), tr("Load the first set of checkpoints before comparing with a second."));
    return;
  }
  if (!content_ || !content_->audio) {
    showError(tr("Compare"), tr("The current utterance has no readable source audio to run."));
    return;
  }
  if (!engine_b_) {
    engine_b_ = new LiveEngine(this);
    connect(engine_b_, &LiveEngine::busyChanged, this, [this] { updateActions(); });
    connect(engine_b_, &LiveEngine::loadFailed, this, [this](const QString& m) {
      pending_.reset();
      showError(tr("Could not load the second checkpoints"), m);
      emit comparisonFinished();
    });
    connect(engine_b_, &LiveEngine::runFinished, this,
            [this](int request, std::shared_ptr<const LiveRunResult> r) {
              // B's request numbers live in their own space: map them onto the pending comparison.
              if (pending_ && pending_->kind == PendingComparison::Kind::kCheckpoints &&
                  request == -pending_->b_request)
                onRunFinished(pending_->b_request, r);
            });
    connect(engine_b_, &LiveEngine::runFailed, this, [this](int request, const QString& m, bool cancelled) {
      if (pending_ && request == -pending_->b_request) onRunFailed(pending_->b_request, m, cancelled);
    });
  }
  pending_ = std::make_unique<PendingComparison>();
  pending_->kind = PendingComparison::Kind::kCheckpoints;
  pending_->utterance_id = content_->record.id;
  pending_->label_a = engine_->checkpoints().describe();
  pending_->label_b = b.describe();
  const LiveRunRequest base = requestForCurrent();
  pending_->a_request = engine_->run(base);
  engine_b_->load(b);
  // B's numbers are negated so that they never collide with A's.
  pending_->b_request = -engine_b_->run(base);
}

void MainWindow::cancelWork() {
  engine_->cancel();
  if (engine_b_) engine_b_->cancel();
}

void MainWindow::loadCheckpoints(const CheckpointSet& checkpoints) {
  baselines_.clear();
  engine_label_->setText(tr("Loading %1…").arg(checkpoints.describe()));
  engine_->load(checkpoints);
}

void MainWindow::updateChatExamples() {
  const bool ids = engine_->hasDecoder() && !engine_->hasTokenizer();
  const QStringList questions = {tr("What is said in this clip?"), tr("How many speakers are there?"),
                                 tr("Is the speaker asking a question or giving a command?")};
  QList<QPair<QString, QString>> clips;  // (title, audio path)
  if (doc_) {
    for (size_t i = 0; i < doc_->size() && clips.size() < 9; ++i) {
      const auto& e = doc_->entries()[i];
      UtteranceRecord probe;
      probe.id = e.id;
      // The gallery lists clips whose audio can be found; reading the whole record is avoided.
      try {
        probe.source_path = doc_->read(i).source_path;
      } catch (const std::exception&) {
        continue;
      }
      const std::string found = views::findRecordedFile(probe.source_path, doc_->directory());
      if (found.empty()) continue;
      clips.push_back({QString::fromStdString(e.id), QString::fromStdString(found)});
    }
  }
  // Checkpoints that name the instruction prompts they were trained with (the embedded demo) get
  // those, sent as is; reference checkpoints get the generic questions.
  chat_->setExamples(views::galleryExamples(clips, engine_->promptHints(), questions, ids));
}

QString MainWindow::exportPreambleSource() const {
  if (!content_) return QString();
  return tr("%1, utterance %2")
      .arg(doc_ ? QString::fromStdString(doc_->path().empty() ? doc_->name() : doc_->path()) : audio_path_,
           QString::fromStdString(content_->record.id));
}

QWidget* MainWindow::visibleExportWidget() const {
  switch (Tab(tabs_->currentIndex())) {
    case Tab::kTimeline:
      return stack_->paneArea();
    case Tab::kCharts:
      return charts_->currentPage();
    case Tab::kComparison:
      return comparison_->paneArea();
    case Tab::kAsk:
      return chat_;
  }
  return stack_->paneArea();
}

bool MainWindow::exportVisiblePng(const QString& path) {
  stack_->setSynchronousRendering(true);
  comparison_->setSynchronousRendering(true);
  QString error;
  const bool ok = views::exportWidgetPng(visibleExportWidget(), path, &error);
  stack_->setSynchronousRendering(false);
  comparison_->setSynchronousRendering(false);
  if (!ok) showError(tr("Export"), error);
  return ok;
}

bool MainWindow::exportVisibleSvg(const QString& path) {
  stack_->setSynchronousRendering(true);
  comparison_->setSynchronousRendering(true);
  QString error;
  const bool ok = views::exportWidgetSvg(visibleExportWidget(), path,
                                         tr("SteerScope: %1").arg(exportPreambleSource()), &error);
  stack_->setSynchronousRendering(false);
  comparison_->setSynchronousRendering(false);
  if (!ok) showError(tr("Export"), error);
  return ok;
}

bool MainWindow::exportPaneCsv(views::TimelinePane* pane, const QString& path) {
  views::CsvPreamble preamble;
  preamble.source = exportPreambleSource();
  views::TimeRange range = pane->timeline()->hasSelection() ? pane->timeline()->selectionExtent()
                                                            : pane->timeline()->visibleRange();
  range.end_s = std::min(range.end_s, pane->timeline()->duration());
  preamble.extra << QStringLiteral("pane: %1").arg(pane->title())
                 << QStringLiteral("time range: %1-%2 s (%3)")
                        .arg(range.start_s, 0, 'f', 3)
                        .arg(range.end_s, 0, 'f', 3)
                        .arg(pane->timeline()->hasSelection() ? QStringLiteral("selection")
                                                              : QStringLiteral("visible range"));
  QString error;
  const bool ok = views::exportTextFile(
      path, [&](QTextStream& out) { return pane->writeCsv(out, range, preamble); }, &error);
  if (!ok) showError(tr("Export"), error);
  return ok;
}

bool MainWindow::exportAnalysisCsv(AnalysisTable table, const QString& path) {
  views::CsvPreamble preamble;
  preamble.source =
      doc_ ? QString::fromStdString(doc_->path().empty() ? doc_->name() : doc_->path()) : QString();
  QString error;
  const bool ok = views::exportTextFile(
      path,
      [&](QTextStream& out) {
        switch (table) {
          case AnalysisTable::kRouting:
            return charts_->writeRoutingCsv(out, preamble);
          case AnalysisTable::kPhoneClasses:
            return charts_->writeAssociationCsv(out, views::kPhoneClassLabelling, preamble);
          case AnalysisTable::kSpeakers:
            return charts_->writeAssociationCsv(out, views::kSpeakerLabelling, preamble);
          case AnalysisTable::kComparison:
            return comparison_->writeLayerCsv(out, preamble);
          case AnalysisTable::kTokens:
            preamble.source = exportPreambleSource();
            return transcript_->writeCsv(out, preamble);
        }
        return false;
      },
      &error);
  if (!ok) showError(tr("Export"), error);
  return ok;
}

Session MainWindow::currentSession() const {
  Session s;
  if (doc_ && doc_->isFile()) s.recording = QString::fromStdString(doc_->path());
  if (compare_doc_) s.comparison_recording = QString::fromStdString(compare_doc_->path());
  s.audio = doc_ ? QString() : audio_path_;
  s.checkpoints = engine_->checkpoints();
  if (content_) s.utterance = QString::fromStdString(content_->record.id);
  s.layer = stack_->layer();
  const auto* m = timeline();
  s.zoom_level = m->level();
  s.first_column = m->firstColumn();
  s.cursor = m->cursor();
  s.selection = m->selection();
  s.spectrogram = stack_->spectrogramSettings();
  s.router_colours = stack_->routerColourMap();
  s.include_padding = stack_->includePadding();
  const std::pair<views::PaneKind, const char*> keys[] = {
      {views::PaneKind::kWaveform, "waveform"}, {views::PaneKind::kSpectrogram, "spectrogram"},
      {views::PaneKind::kOverview, "overview"}, {views::PaneKind::kHeatmap, "heatmap"},
      {views::PaneKind::kSteering, "steering"}, {views::PaneKind::kPhones, "phones"},
      {views::PaneKind::kWords, "words"},       {views::PaneKind::kSpeakers, "speakers"}};
  for (const auto& [kind, key] : keys)
    s.panes.insert(QString::fromLatin1(key), !stack_->pane(kind)->isHidden() || !content_);
  const char* tabs[] = {"timeline", "charts", "comparison", "ask"};
  s.tab = QString::fromLatin1(tabs[std::clamp(tabs_->currentIndex(), 0, 3)]);
  s.sampling = chat_->sampling();
  return s;
}

void MainWindow::applySession(const Session& s) {
  display_->setRouterColourMap(s.router_colours);
  try {
    stack_->setSpectrogramSettings(s.spectrogram);
  } catch (const Error& e) {
    showError(tr("Session"), QString::fromStdString(e.what()));
  }
  stack_->setRouterColourMap(s.router_colours);
  stack_->setIncludePadding(s.include_padding);
  chat_->setSampling(s.sampling);
  if (!s.checkpoints.isEmpty() && s.checkpoints != engine_->checkpoints()) loadCheckpoints(s.checkpoints);
  // The view is restored once the utterance is on screen.
  auto restore_view = [this, s] {
    setLayer(s.layer);
    auto* m = timeline();
    if (s.zoom_level >= 0) {
      m->setLevel(s.zoom_level);
      m->setFirstColumn(s.first_column);
    }
    m->setCursor(s.cursor);
    m->setSelection(s.selection);
    const QString tabs[] = {"timeline", "charts", "comparison", "ask"};
    for (int i = 0; i < 4; ++i)
      if (s.tab == tabs[i]) tabs_->setCurrentIndex(i);
  };
  if (!s.recording.isEmpty() && openRecording(s.recording)) {
    int index = 0;
    if (auto i = doc_->find(s.utterance.toStdString())) index = int(*i);
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(this, &MainWindow::utteranceShown, this, [this, conn, restore_view, s](int) {
      disconnect(*conn);
      restore_view();
      if (!s.comparison_recording.isEmpty()) openComparisonRecording(s.comparison_recording);
    });
    selectUtterance(index);
  } else if (!s.audio.isEmpty() && openAudioFile(s.audio)) {
    restore_view();
  }
}

bool MainWindow::openSession(const QString& path) {
  QString error;
  const auto s = SessionFile::load(path, &error);
  if (!s) {
    showError(tr("Could not open the session"), error);
    return false;
  }
  session_path_ = path;
  WorkbenchSettings().addRecentFile(QFileInfo(path).absoluteFilePath());
  updateRecentMenu();
  applySession(*s);
  return true;
}

bool MainWindow::saveSession(const QString& path) {
  QString error;
  if (!SessionFile::save(currentSession(), path, &error)) {
    showError(tr("Could not save the session"), error);
    return false;
  }
  session_path_ = path;
  WorkbenchSettings().addRecentFile(QFileInfo(path).absoluteFilePath());
  updateRecentMenu();
  statusBar()->showMessage(tr("Session saved to %1").arg(path), 5000);
  return true;
}

bool MainWindow::saveLiveRuns(const QString& path) {
  if (!live_doc_ || live_doc_->size() == 0) {
    showError(tr("Save live runs"), tr("There are no live runs to save."));
    return false;
  }
  try {
    live_doc_->saveAs(path.toStdString());
  } catch (const std::exception& e) {
    showError(tr("Could not save the live runs"), QString::fromStdString(e.what()));
    return false;
  }
  statusBar()->showMessage(tr("Live runs saved to %1").arg(path), 5000);
  return true;
}

void MainWindow::chooseRecording() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open recording"), QString(),
                                                    tr("Recordings (*.h5 *.hdf5);;All files (*)"));
  if (!path.isEmpty()) openRecording(path);
}

void MainWindow::chooseComparisonRecording() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Recording to compare with"), QString(),
                                                    tr("Recordings (*.h5 *.hdf5);;All files (*)"));
  if (!path.isEmpty()) openComparisonRecording(path);
}

void MainWindow::chooseAudio() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open audio"), QString(), tr("Audio (*.wav *.flac *.ogg *.mp3 *.opus *.aiff);;All files (*)"));
  if (!path.isEmpty()) openAudioFile(path);
}

void MainWindow::chooseCheckpoints() {
  CheckpointSet initial =
      engine_->isLoaded() ? engine_->checkpoints() : WorkbenchSettings().lastCheckpoints();
  CheckpointDialog dialog(initial, this);
  if (dialog.exec() == QDialog::Accepted) loadCheckpoints(dialog.checkpoints());
}

void MainWindow::chooseCompareCheckpoints() {
  CheckpointDialog dialog(engine_->checkpoints(), this);
  dialog.setWindowTitle(tr("Checkpoints to compare with"));
  if (dialog.exec() == QDialog::Accepted) compareWithCheckpoints(dialog.checkpoints());
}

void MainWindow::chooseSessionToOpen() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open session"), QString(), tr("SteerScope sessions (*.%1)").arg(SessionFile::kSuffix));
  if (!path.isEmpty()) openSession(path);
}

void MainWindow::chooseSessionToSave(bool save_as) {
  QString path = session_path_;
  if (save_as || path.isEmpty()) {
    path = QFileDialog::getSaveFileName(this, tr("Save session"), QString(),
                                        tr("SteerScope sessions (*.%1)").arg(SessionFile::kSuffix));
    if (path.isEmpty()) return;
    if (!path.endsWith(QLatin1String(".") + SessionFile::kSuffix))
      path += QLatin1String(".") + SessionFile::kSuffix;
  }
  saveSession(path);
}

void MainWindow::chooseExport(const QString& kind) {
  if (kind == QLatin1String("png") || kind == QLatin1String("svg")) {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export view"), QString(),
        kind == QLatin1String("png") ? tr("PNG images (*.png)") : tr("SVG drawings (*.svg)"));
    if (path.isEmpty()) return;
    if (kind == QLatin1String("png"))
      exportVisiblePng(path);
    else
      exportVisibleSvg(path);
    return;
  }
  if (kind == QLatin1String("pane-csv")) {
    const auto panes = stack_->visiblePanes();
    QStringList names;
    for (auto* p : panes) names << p->title();
    bool ok = false;
    const QString choice =
        QInputDialog::getItem(this, tr("Export pane data"), tr("Pane"), names, 0, false, &ok);
    if (!ok) return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export pane data"), QString(), tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportPaneCsv(panes[size_t(names.indexOf(choice))], path);
    return;
  }
  const QStringList tables = {tr("Routing statistics by layer"), tr("Experts × phone classes"),
                              tr("Experts × speakers"), tr("Checkpoint comparison by layer"),
                              tr("Generated tokens")};
  bool ok = false;
  const QString choice =
      QInputDialog::getItem(this, tr("Export analysis table"), tr("Table"), tables, 0, false, &ok);
  if (!ok) return;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export analysis table"), QString(), tr("CSV files (*.csv)"));
  if (!path.isEmpty()) exportAnalysisCsv(AnalysisTable(tables.indexOf(choice)), path);
}

void MainWindow::chooseSettings() {
  SettingsDialog dialog(this);
  if (dialog.exec() != QDialog::Accepted) return;
  WorkbenchSettings settings;
  if (dialog.language() != settings.language()) {
    settings.setLanguage(dialog.language());
    QMessageBox::information(this, tr("Settings"),
                             tr("The new language takes effect the next time SteerScope starts."));
  }
  if (dialog.clearRecentFiles()) {
    settings.clearRecentFiles();
    updateRecentMenu();
  }
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About SteerScope"),
      tr("<h3>SteerScope %1</h3>"
         "<p>A workbench for SteerMoE audio-language models: routing, checkpoints and spoken QA.</p>"
         "<table>"
         "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
         "<tr><td>LibTorch</td><td>%4</td></tr>"
         "<tr><td>Compiler</td><td>%5, %6</td></tr>"
         "</table>")
          .arg(QString::fromLatin1(build_info::kVersion), QString::fromLatin1(qVersion()),
               QStringLiteral(QT_VERSION_STR), QStringLiteral(TORCH_VERSION),
               QString::fromLatin1(build_info::kCompiler), QString::fromLatin1(build_info::kBuildType)));
}

void MainWindow::showShortcuts() {
  QStringList rows;
  const std::pair<QString, QString> keys[] = {
      {shortcutText(QKeySequence::Open), tr("Open a recording")},
      {tr("Ctrl+Shift+O"), tr("Open audio")},
      {tr("Ctrl+K"), tr("Open checkpoints")},
      {shortcutText(QKeySequence::Save), tr("Save the session")},
      {tr("Ctrl+E / Ctrl+Shift+E"), tr("Export the view as PNG / a pane as CSV")},
      {tr("Mouse wheel, Ctrl++ / Ctrl+-"), tr("Zoom")},
      {tr("Ctrl+0"), tr("Zoom to fit")},
      {tr("Left / Right, Page Up / Page Down, Home / End"), tr("Scroll the timeline")},
      {tr("Drag; Ctrl+drag; Shift+drag"), tr("Select; add a range; extend the selection")},
      {tr("[ / ]"), tr("Previous / next layer")},
      {tr("Space / Shift+Space"), tr("Play or stop / play the selection")},
      {tr("Ctrl+M"), tr("Show what the encoder sees")},
      {tr("Ctrl+R"), tr("Transcribe the utterance live")},
      {tr("Right-click the router heatmap"), tr("Ablate or force an expert, scale a layer's steering")},
      {tr("Ctrl+1 … Ctrl+4"), tr("Timeline, charts, comparison, ask")}};
  for (const auto& [k, v] : keys)
    rows
        << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(k.toHtmlEscaped(), v.toHtmlEscaped());
  QMessageBox::information(this, tr("Keyboard shortcuts"),
                           QStringLiteral("<table cellspacing='6'>%1</table>").arg(rows.join(QString())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  player_->stop();
  WorkbenchSettings().setWindowLayout(saveGeometry(), saveState());
  QMainWindow::closeEvent(event);
}

}  // namespace steerscope::gui
