#pragma once
// The workbench window (app layer: it parses, wires and reports; the work lives in views/, analysis/ and
// core/). Tabs: the timeline (panes over one utterance, with its transcript), charts of the recording's
// routing, the checkpoint comparison, and the spoken-QA demo. Docks: the recordings and their utterances,
// the display settings. Live runs, analyses and comparisons run in worker threads; progress, streamed
// tokens and a cancel button sit in the status bar.
//
// Every public operation is also what a menu action does, so that the GUI tests drive the window the
// way a user does, without dialogs. Errors are shown in (non-blocking) message boxes and recorded
// (lastError(), errorShown) so that tests can assert on them.

#include <QFutureWatcher>
#include <QMainWindow>
#include <map>
#include <memory>
#include <optional>

#include "app/gui/checkpoint_set.h"
#include "app/gui/live_engine.h"
#include "app/gui/session.h"
#include "views/recording_document.h"
#include "views/timeline_content.h"

class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace steerscope::analysis {
struct CorpusAnalysis;
struct CheckpointComparison;
}  // namespace steerscope::analysis

namespace steerscope::views {
class AudioPlayer;
class ChatPanel;
class ComparisonView;
class MicrophoneRecorder;
class RoutingChartsView;
class SpectrogramSettingsPanel;
class TimelinePane;
class TimelineStack;
class TimelineModel;
class TranscriptView;
class UtteranceLoader;
}  // namespace steerscope::views

namespace steerscope::gui {

class WelcomePage;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum class Tab { kTimeline, kCharts, kComparison, kAsk };
  enum class AnalysisTable { kRouting, kPhoneClasses, kSpeakers, kComparison, kTokens };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens the files given on the command line; with none, the demo on first start (when demo_recording
  // names one) and the welcome page otherwise.
  void startUp(const QStringList& files, const QString& demo_recording);

  bool openRecording(const QString& path);
  bool openComparisonRecording(const QString& path);
  bool openAudioFile(const QString& path);
  bool openSession(const QString& path);
  bool saveSession(const QString& path);
  bool saveLiveRuns(const QString& path);
  void loadCheckpoints(const CheckpointSet& checkpoints);
  void selectUtterance(int index);
  void setLayer(int layer);
  void showTab(Tab tab);
  // Transcribes the current utterance live with the loaded checkpoints.
  void runLive();
  // Runs the current utterance with and without the intervention and shows the difference.
  void requestIntervention(const views::InterventionRequest& request);
  // Runs the current utterance with a second set of checkpoints and compares it with the loaded ones.
  void compareWithCheckpoints(const CheckpointSet& b);
  void cancelWork();

  bool exportVisiblePng(const QString& path);
  bool exportVisibleSvg(const QString& path);
  bool exportPaneCsv(views::TimelinePane* pane, const QString& path);
  bool exportAnalysisCsv(AnalysisTable table, const QString& path);

  Session currentSession() const;
  void applySession(const Session& session);

  // For tests and the screenshots.
  views::TimelineStack* timelineStack() const { return stack_; }
  views::TimelineModel* timeline() const;
  views::TranscriptView* transcriptView() const { return transcript_; }
  views::RoutingChartsView* charts() const { return charts_; }
  views::ComparisonView* comparison() const { return comparison_; }
  views::ChatPanel* chat() const { return chat_; }
  LiveEngine* engine() const { return engine_; }
  views::RecordingDocumentPtr document() const { return doc_; }
  views::TimelineContentPtr content() const { return content_; }
  bool isWelcomeShown() const;
  bool isBusy() const;
  QString lastError() const { return last_error_; }
  QString hoverText() const;
  QWidget* currentTabWidget() const;

 signals:
  void utteranceShown(int index);
  void analysisFinished();
  void comparisonFinished();
  void liveRunFinished();
  void interventionFinished();
  void checkpointsLoaded();
  void errorShown(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  struct PendingComparison;

  void buildActions();
  void buildDocks();
  // Shows a document's utterances and selects one; `preloaded` is that utterance's content when the
  // caller has it already (a live run), so that it is shown at once instead of read back.
  void setDocument(views::RecordingDocumentPtr document, int select = 0,
                   views::TimelineContentPtr preloaded = nullptr);
  // complete = false: a first, partial view of a long utterance (utterance_loader.h); the rest follows.
  void showContent(views::TimelineContentPtr content, int index, bool complete = true);
  void startAnalysis();
  void startComparison(views::RecordingDocumentPtr a, views::RecordingDocumentPtr b, const QString& label_a,
                       const QString& label_b, const std::string& utterance_id);
  void updateDocumentList();
  void updateRunInfo();
  void updateRecentMenu();
  void updateActions();
  void updateChatExamples();
  void showError(const QString& title, const QString& message);
  void onRunFinished(int request, std::shared_ptr<const LiveRunResult> result);
  void onRunFailed(int request, const QString& message, bool cancelled);
  views::TimelineContentPtr contentFromRun(const LiveRunResult& result, const QString& label) const;
  LiveRunRequest requestForCurrent() const;
  QString exportPreambleSource() const;
  QWidget* visibleExportWidget() const;

  // Menu and welcome-page actions that ask the user for files.
  void chooseRecording();
  void chooseComparisonRecording();
  void chooseAudio();
  void chooseCheckpoints();
  void chooseCompareCheckpoints();
  void chooseSessionToOpen();
  void chooseSessionToSave(bool save_as);
  void chooseExport(const QString& kind);
  void chooseSettings();
  void showAbout();
  void showShortcuts();

  LiveEngine* engine_;
  LiveEngine* engine_b_ = nullptr;
  std::vector<views::RecordingDocumentPtr> documents_;
  views::RecordingDocumentPtr doc_;
  views::RecordingDocumentPtr live_doc_;
  views::RecordingDocumentPtr compare_doc_;
  views::TimelineContentPtr content_;
  int current_index_ = -1;
  uint64_t analysis_generation_ = 0;
  QString session_path_;
  QString last_error_;
  QString audio_path_;
  std::unique_ptr<PendingComparison> pending_;
  int pending_live_ = 0;  // request number of a plain live run
  int live_runs_ = 0;

  QStackedWidget* central_;
  WelcomePage* welcome_;
  QTabWidget* tabs_;
  views::TimelineStack* stack_;
  views::TranscriptView* transcript_;
  views::RoutingChartsView* charts_;
  views::ComparisonView* comparison_;
  views::ChatPanel* chat_;
  views::SpectrogramSettingsPanel* display_;
  views::AudioPlayer* player_;
  views::MicrophoneRecorder* mic_;
  views::UtteranceLoader* loader_;
  QComboBox* documents_box_;
  QListWidget* utterances_;
  QPlainTextEdit* run_info_;
  QSpinBox* layer_box_;
  QLabel* hover_;
  QLabel* engine_label_;
  QProgressBar* progress_;
  QToolButton* cancel_;
  QMenu* recent_menu_;
  QAction* run_action_ = nullptr;
  QAction* compare_checkpoints_action_ = nullptr;
  QAction* save_live_action_ = nullptr;
  // Token texts of live runs by utterance id (recordings store only ids), and the latest live run of
  // each utterance without interventions, reused as the baseline of interventions.
  std::map<std::string, std::vector<views::TokenText>> live_texts_;
  std::map<std::string, views::TimelineContentPtr> baselines_;
};

}  // namespace steerscope::gui
