// The workbench as a user drives it, offscreen: open a recording and see every pane; pan, zoom, select
// and hover on one shared timeline; switch layers; pick chart cells to select frames; compare two
// recordings; intervene on an expert and ask questions with the fixture models running live; export
// images and CSV; save and restore a session. Each test asserts on the window's state and on the files
// it wrote, and saves screenshots of the main views under build/tests/views/screenshots/.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <filesystem>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include "analysis/distribution_measures.h"
#include "analysis/phone_class.h"
#include "app/gui/live_engine.h"
#include "app/gui/main_window.h"
#include "app/gui/workbench_settings.h"
#include "core/util/npy_file.h"
#include "tests/views/gui_test_support.h"
#include "tests/views/workbench_test_data.h"
#include "views/audio_player.h"
#include "views/chat_panel.h"
#include "views/comparison_view.h"
#include "views/document_analysis.h"
#include "views/matrix_heatmap_view.h"
#include "views/routing_charts_view.h"
#include "views/timeline_stack.h"
#include "views/transcript_view.h"

using namespace steerscope;
using steerscope::gui::MainWindow;

namespace {

// B's expert e is A's expert kPermutation^-1... : A's expert e is stored as B's expert kPermutation[e].
const std::vector<int> kPermutation = {3, 0, 6, 1, 7, 2, 5, 4};

struct Recordings {
  QTemporaryDir dir;
  QString a, b;
  Recordings() {
    a = dir.filePath("run_a.h5");
    b = dir.filePath("run_b.h5");
    test::writeWorkbenchRecording(a.toStdString());
    test::SyntheticRecordingOptions o;
    o.permutation = kPermutation;
    o.seed = 1;
    test::writeWorkbenchRecording(b.toStdString(), o);
  }
};

Recordings& recordings() {
  static Recordings r;
  return r;
}

gui::CheckpointSet fixtureCheckpoints() {
  gui::CheckpointSet c;
  c.encoder_dir = QString::fromStdString(test::data_path("fixtures/whisper_tiny"));
  c.steering_path = QString::fromStdString(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  c.decoder_dir = QString::fromStdString(test::data_path("fixtures/qwen2_tiny"));
  QStringList ids;
  for (int64_t id : read_npy(test::data_path("fixtures/expected/text_prompt_ids.npy")).to_int64())
    ids << QString::number(id);
  c.prompt_ids = ids.join(QStringLiteral(", "));
  return c;
}

std::vector<QStringList> readCsv(const QString& path, QStringList* preamble) {
  QFile f(path);
  EXPECT_TRUE(f.open(QIODevice::ReadOnly | QIODevice::Text)) << path.toStdString();
  std::vector<QStringList> rows;
  QTextStream in(&f);
  while (!in.atEnd()) {
    const QString line = in.readLine();
    if (line.startsWith(QLatin1Char('#'))) {
      if (preamble) *preamble << line;
      continue;
    }
    rows.push_back(line.split(QLatin1Char(',')));
  }
  return rows;
}

class Workbench : public ::testing::Test {
 protected:
  void SetUp() override {
    test::guiApp();
    QSettings().clear();
    gui::WorkbenchSettings().setFirstRunDone();
    window_ = std::make_unique<MainWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QApplication::setActiveWindow(window_.get());
    QCoreApplication::processEvents();
  }
  void TearDown() override {
    // Let live work stop before the window goes.
    window_->cancelWork();
    test::waitFor([this] { return !window_->isBusy(); }, 60000);
    window_.reset();
  }

  void openA() {
    QSignalSpy shown(window_.get(), &MainWindow::utteranceShown);
    QSignalSpy analysed(window_.get(), &MainWindow::analysisFinished);
    ASSERT_TRUE(window_->openRecording(recordings().a));
    ASSERT_TRUE(shown.count() > 0 || shown.wait(30000));
    ASSERT_TRUE(analysed.count() > 0 || analysed.wait(60000));
  }

  void loadFixtureModels() {
    QSignalSpy loaded(window_.get(), &MainWindow::checkpointsLoaded);
    window_->loadCheckpoints(fixtureCheckpoints());
    ASSERT_TRUE(loaded.wait(120000)) << window_->lastError().toStdString();
    ASSERT_TRUE(window_->engine()->hasSteering());
  }

  // Paints the window once so that every visible pane asks for its tiles, then waits for them: the
  // screenshot that follows shows finished panes, as a user sees them a moment after any change.
  void settle() {
    QCoreApplication::processEvents();
    (void)window_->grab();
    window_->timelineStack()->waitForRendering();
    window_->comparison()->waitForRendering();
    QCoreApplication::processEvents();
  }

  std::unique_ptr<MainWindow> window_;
};

}  // namespace

TEST_F(Workbench, OpensARecordingAndShowsEveryPane) {
  openA();
  auto* stack = window_->timelineStack();
  ASSERT_TRUE(window_->document());
  EXPECT_EQ(window_->document()->size(), 3u);
  EXPECT_FALSE(window_->isWelcomeShown());
  EXPECT_EQ(window_->content()->record.id, "utt-clip0");
  for (auto kind : {views::PaneKind::kWaveform, views::PaneKind::kSpectrogram, views::PaneKind::kOverview,
                    views::PaneKind::kHeatmap, views::PaneKind::kSteering, views::PaneKind::kPhones,
                    views::PaneKind::kWords, views::PaneKind::kSpeakers})
    EXPECT_TRUE(stack->isPaneVisible(kind)) << int(kind);
  EXPECT_TRUE(stack->spectrogramPane()->hasData());
  EXPECT_EQ(window_->transcriptView()->tokenCount(), 10);  // nine words and the stop token
  // The timeline spans the audio, and the whole utterance is in view.
  EXPECT_NEAR(window_->timeline()->duration(), window_->content()->record.duration_s, 1e-9);
  EXPECT_LE(window_->timeline()->startTime(), 0.0);
  EXPECT_GE(window_->timeline()->endTime(), window_->timeline()->duration());
  // Charts: the analysis of all three utterances.
  ASSERT_TRUE(window_->charts()->analysis());
  EXPECT_EQ(window_->charts()->analysis()->utterances, 3);
  EXPECT_EQ(window_->charts()->analysis()->routing.layers.size(), 4u);
  settle();
  test::saveScreenshot(window_.get(), "timeline");

  // The encoder's view of the same audio: the stored log-mel on the mel axis.
  stack->setSpectrogramSettings(views::SpectrogramSettings::encoderPreset());
  EXPECT_TRUE(stack->spectrogramPane()->hasData());
  EXPECT_EQ(stack->spectrogramPane()->title(), QStringLiteral("Log-mel (encoder input)"));
  settle();
  test::saveScreenshot(window_.get(), "timeline_encoder_input");

  // An utterance whose audio has moved: no waveform, the rest still shows.
  QSignalSpy shown(window_.get(), &MainWindow::utteranceShown);
  window_->selectUtterance(2);
  ASSERT_TRUE(shown.wait(30000));
  EXPECT_FALSE(window_->content()->audio);
  EXPECT_FALSE(stack->isPaneVisible(views::PaneKind::kWaveform));
  EXPECT_TRUE(stack->isPaneVisible(views::PaneKind::kHeatmap));
  EXPECT_TRUE(stack->spectrogramPane()->hasData());  // the log-mel comes from the recording
  stack->setSpectrogramSettings(views::SpectrogramSettings::speechPreset());
  EXPECT_FALSE(stack->spectrogramPane()->hasData());
}

TEST_F(Workbench, PanZoomSelectionAndHoverMoveEveryPaneTogether) {
  openA();
  auto* stack = window_->timelineStack();
  auto* model = window_->timeline();
  auto* heatmap = stack->heatmapPane();
  auto* spectrogram = stack->spectrogramPane();
  const int level = model->level();

  // Wheel over the heatmap zooms in around the pointer.
  const QPoint at(heatmap->contentRect().left() + 400, heatmap->height() / 2);
  const double t_at = heatmap->timeAtWidgetX(at.x());
  QWheelEvent wheel(at, heatmap->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(heatmap, &wheel);
  EXPECT_EQ(model->level(), level - 1);
  EXPECT_NEAR(heatmap->timeAtWidgetX(at.x()), t_at, model->secondsPerPixel());
  model->zoomBy(-6, 0);
  model->panByPixels(120);
  // Every pane maps the same x to the same time.
  const auto panes = stack->visiblePanes();
  ASSERT_GE(panes.size(), 8u);
  for (auto* p : panes)
    EXPECT_DOUBLE_EQ(p->timeAtWidgetX(p->contentRect().left() + 250),
                     heatmap->timeAtWidgetX(heatmap->contentRect().left() + 250));

  // Drag on the spectrogram selects; the heatmap shows the same selection.
  const int x0 = spectrogram->contentRect().left() + 100, x1 = spectrogram->contentRect().left() + 500;
  QTest::mousePress(spectrogram, Qt::LeftButton, {}, QPoint(x0, 40));
  QTest::mouseMove(spectrogram, QPoint(x0 + 200, 40));
  QTest::mouseMove(spectrogram, QPoint(x1, 40));
  QTest::mouseRelease(spectrogram, Qt::LeftButton, {}, QPoint(x1, 40));
  ASSERT_EQ(model->selection().size(), 1u);
  EXPECT_NEAR(model->selection()[0].start_s, spectrogram->timeAtWidgetX(x0), model->secondsPerPixel());
  EXPECT_NEAR(model->selection()[0].end_s, spectrogram->timeAtWidgetX(x1), model->secondsPerPixel());
  EXPECT_NEAR(model->cursor(), spectrogram->timeAtWidgetX(x0), model->secondsPerPixel());
  // Ctrl+drag adds a second range.
  const int x2 = spectrogram->contentRect().left() + 700, x3 = spectrogram->contentRect().left() + 800;
  QTest::mousePress(spectrogram, Qt::LeftButton, Qt::ControlModifier, QPoint(x2, 40));
  QTest::mouseMove(spectrogram, QPoint(x3, 40));
  QTest::mouseRelease(spectrogram, Qt::LeftButton, Qt::ControlModifier, QPoint(x3, 40));
  EXPECT_EQ(model->selection().size(), 2u);

  // Hovering the heatmap reads out time, frame, expert, probability and the phone under the pointer.
  const QPoint hover(heatmap->contentRect().left() + 300, heatmap->contentRect().top() + 5);
  QTest::mouseMove(heatmap, hover);
  const QString text = window_->hoverText();
  EXPECT_TRUE(text.contains(QStringLiteral("expert 0: p = "))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("frame"))) << text.toStdString();
  const std::string phone = window_->content()->labelAt("phones", heatmap->timeAtWidgetX(hover.x() + 0.5));
  if (!phone.empty()) {
    EXPECT_TRUE(text.contains(QString::fromStdString("phone " + phone))) << text.toStdString();
  }
  QTest::mouseMove(spectrogram, QPoint(spectrogram->contentRect().left() + 300, 20));
  EXPECT_TRUE(window_->hoverText().contains(QStringLiteral(" Hz"))) << window_->hoverText().toStdString();
  EXPECT_TRUE(window_->hoverText().contains(QStringLiteral("dBFS"))) << window_->hoverText().toStdString();

  // Keyboard: arrows scroll the timeline, Ctrl+0 fits.
  heatmap->setFocus();
  const int64_t column = model->firstColumn();
  QTest::keyClick(heatmap, Qt::Key_Right);
  EXPECT_GT(model->firstColumn(), column);
  QTest::keyClick(window_.get(), Qt::Key_0, Qt::ControlModifier);
  EXPECT_EQ(model->firstColumn(), 0);
  EXPECT_GE(model->endTime(), model->duration());
  settle();
  test::saveScreenshot(window_.get(), "timeline_selection");
}

TEST_F(Workbench, LayersSwitchAndChartCellsSelectTheirFrames) {
  openA();
  auto* stack = window_->timelineStack();
  window_->setLayer(3);
  EXPECT_EQ(stack->heatmapPane()->layer(), 3);
  EXPECT_EQ(stack->overviewPane()->currentLayer(), 3);
  EXPECT_EQ(window_->charts()->layer(), 3);
  stack->heatmapPane()->setFocus();
  QTest::keyClick(stack->heatmapPane(), Qt::Key_BracketLeft);
  EXPECT_EQ(stack->heatmapPane()->layer(), 2);
  EXPECT_EQ(window_->charts()->layer(), 2);

  // Experts × phone classes: in the synthetic recording expert (class·3 + layer) mod 7 prefers the
  // class, so at layer 2 vowels go to expert 2. Clicking that cell selects exactly the frames where
  // expert 2 dominates a vowel.
  window_->showTab(MainWindow::Tab::kCharts);
  window_->charts()->setPage(views::RoutingChartsView::Page::kPhoneClasses);
  QCoreApplication::processEvents();
  auto* matrix = window_->charts()->phoneClassMatrix();
  const auto& labels = window_->charts()->analysis()->associations[views::kPhoneClassLabelling].labels;
  const int vowel = int(std::find(labels.begin(), labels.end(), "vowel") - labels.begin());
  ASSERT_LT(vowel, int(labels.size()));
  EXPECT_GT(matrix->value(2, vowel), 0.4);  // P(expert 2 | vowel) at layer 2
  settle();
  test::saveScreenshot(window_.get(), "charts_phone_classes");
  QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(2, vowel).center());
  const auto& selection = window_->timeline()->selection();
  ASSERT_FALSE(selection.empty());
  const RouterTrace& trace = window_->content()->record.layers[2];
  int64_t frames = 0;
  for (const auto& r : selection) {
    for (int64_t f = int64_t(std::llround(r.start_s * 50)); f < int64_t(std::llround(r.end_s * 50));
         ++f, ++frames) {
      EXPECT_EQ(analysis::dominant_index(trace.probs.row(f), 8), 2) << f;
      const std::string phone = window_->content()->labelAt("phones", (f + 0.5) / 50.0);
      EXPECT_EQ(analysis::classify_phone(phone), analysis::PhoneClass::kVowel) << f << " " << phone;
    }
  }
  EXPECT_GT(frames, 5);
  for (auto page : {views::RoutingChartsView::Page::kLoad, views::RoutingChartsView::Page::kSpecialisation,
                    views::RoutingChartsView::Page::kTopPhones, views::RoutingChartsView::Page::kSpeakers}) {
    window_->charts()->setPage(page);
    QCoreApplication::processEvents();
    const char* names[] = {"charts_load", "", "charts_speakers", "charts_specialisation",
                           "charts_top_phones"};
    test::saveScreenshot(window_.get(), QString::fromLatin1(names[int(page)]));
  }
}

TEST_F(Workbench, ComparesTwoRecordingsAndRecoversTheExpertRelabelling) {
  openA();
  QSignalSpy compared(window_.get(), &MainWindow::comparisonFinished);
  ASSERT_TRUE(window_->openComparisonRecording(recordings().b));
  ASSERT_TRUE(compared.wait(60000)) << window_->lastError().toStdString();
  auto* view = window_->comparison();
  ASSERT_TRUE(view->hasPair());
  ASSERT_TRUE(view->comparison());
  EXPECT_EQ(view->comparison()->utterances, 3);
  for (int l = 0; l < 4; ++l) {
    view->setMatching(views::ComparisonView::Matching::kCooccurrence);
    EXPECT_EQ(view->appliedMatching(l), kPermutation) << "layer " << l;
    view->setMatching(views::ComparisonView::Matching::kSteering);
    EXPECT_EQ(view->appliedMatching(l), kPermutation) << "layer " << l;
  }
  // Under the matching, the per-frame divergence is the added noise; without it, large.
  view->setLayer(2);
  view->setMatching(views::ComparisonView::Matching::kNone);
  auto mean = [](const std::vector<float>& v) {
    double s = 0;
    for (float x : v) s += x;
    return s / double(v.size());
  };
  const double raw = mean(view->divergencePane()->series().values);
  view->setMatching(views::ComparisonView::Matching::kCooccurrence);
  const double matched = mean(view->divergencePane()->series().values);
  EXPECT_LT(matched, 0.01);
  EXPECT_GT(raw, 0.2);
  // The heatmaps line B's matched experts up with A's rows.
  EXPECT_EQ(view->heatmapB()->expertAtY(0), kPermutation[0]);
  // "jumps over the" became "jumped over a": two substitutions.
  EXPECT_EQ(view->transcriptDiff()->alignment().counts.substitutions, 2);
  EXPECT_EQ(view->transcriptDiff()->alignment().counts.deletions +
                view->transcriptDiff()->alignment().counts.insertions,
            0);
  settle();
  test::saveScreenshot(window_.get(), "comparison");
}

TEST_F(Workbench, InterventionsRunTheFixtureModelsLive) {
  loadFixtureModels();
  openA();
  // Ablating expert 3 at layer 1: B's layer-1 routing gives expert 3 nothing, A's does.
  QSignalSpy done(window_.get(), &MainWindow::interventionFinished);
  window_->requestIntervention({views::InterventionRequest::Kind::kAblateExpert, 1, 3, 1.0});
  ASSERT_TRUE(done.wait(180000)) << window_->lastError().toStdString();
  auto* view = window_->comparison();
  ASSERT_TRUE(view->hasPair());
  EXPECT_EQ(window_->currentTabWidget(), view);
  const RouterTrace& a = view->contentA()->record.layers[1];
  const RouterTrace& b = view->contentB()->record.layers[1];
  ASSERT_EQ(a.probs.rows, b.probs.rows);
  double a_mass = 0, b_mass = 0;
  for (int64_t f = 0; f < a.valid_frames; ++f) {
    a_mass += a.probs.at(f, 3);
    b_mass += b.probs.at(f, 3);
  }
  EXPECT_GT(a_mass, 0.0);
  EXPECT_EQ(b_mass, 0.0);
  // Both runs transcribed the audio with the fixture decoder; the diff compares their token ids.
  ASSERT_TRUE(view->contentA()->record.output && view->contentB()->record.output);
  EXPECT_FALSE(view->contentA()->record.output->token_ids.empty());
  EXPECT_GT(view->transcriptDiff()->alignment().tokens.size(), 0u);
  // Routing at the ablated layer differs, and the layer-by-layer divergence says so.
  ASSERT_TRUE(view->comparison());
  view->setMatching(views::ComparisonView::Matching::kNone);
  EXPECT_GT(view->comparison()->layers[1].js_bits, 0.0);
  EXPECT_EQ(view->comparison()->layers[0].js_bits, 0.0);  // upstream of the intervention nothing changes
  view->setLayer(1);
  settle();
  test::saveScreenshot(window_.get(), "intervention");

  // Forcing an expert: one-hot routing at that layer.
  window_->requestIntervention({views::InterventionRequest::Kind::kForceExpert, 2, 5, 1.0});
  ASSERT_TRUE(done.wait(180000)) << window_->lastError().toStdString();
  const RouterTrace& forced = view->contentB()->record.layers[2];
  for (int64_t f = 0; f < forced.valid_frames; ++f) ASSERT_EQ(forced.probs.at(f, 5), 1.0f) << f;

  // A plain live run: the utterance transcribed into the live-runs document.
  QSignalSpy live(window_.get(), &MainWindow::liveRunFinished);
  window_->runLive();
  ASSERT_TRUE(live.wait(180000)) << window_->lastError().toStdString();
  EXPECT_FALSE(window_->document()->isFile());
  ASSERT_TRUE(window_->content()->record.output);
  EXPECT_EQ(window_->content()->record.layers.size(), 4u);
  EXPECT_EQ(window_->transcriptView()->tokenCount(),
            int(window_->content()->record.output->token_ids.size()));
}

TEST_F(Workbench, AsksQuestionsWithStreamedAnswersRegenerateAndClear) {
  loadFixtureModels();
  openA();
  window_->showTab(MainWindow::Tab::kAsk);
  auto* chat = window_->chat();
  EXPECT_TRUE(chat->tokenIdMode());  // the fixture decoder has no tokenizer
  views::SamplingChoice greedy;
  greedy.max_new_tokens = 8;
  chat->setSampling(greedy);
  chat->submit(QStringLiteral("17, 300, 4"));
  ASSERT_TRUE(test::waitFor([&] { return !chat->isBusy() && !chat->lastAnswer().isEmpty(); }, 120000));
  EXPECT_EQ(chat->turns(), 1);
  const QString first = chat->lastAnswer();
  EXPECT_TRUE(first.startsWith(QStringLiteral("⟨")))
      << first.toStdString();  // ids: no tokenizer to decode them
  // A follow-up turn continues the conversation.
  chat->submit(QStringLiteral("5, 6"));
  ASSERT_TRUE(test::waitFor(
      [&] { return !chat->isBusy() && chat->turns() == 2 && !chat->lastAnswer().isEmpty(); }, 120000));
  // Greedy regeneration repeats the answer; sampling with a seed changes it.
  const QString second = chat->lastAnswer();
  auto button = [chat](const QString& text) {
    for (auto* b : chat->findChildren<QPushButton*>())
      if (b->text() == text) return b;
    return static_cast<QPushButton*>(nullptr);
  };
  ASSERT_TRUE(button("Regenerate"));
  QTest::mouseClick(button("Regenerate"), Qt::LeftButton);
  ASSERT_TRUE(test::waitFor([&] { return !chat->isBusy() && !chat->lastAnswer().isEmpty(); }, 120000));
  EXPECT_EQ(chat->turns(), 2);
  EXPECT_EQ(chat->lastAnswer(), second);  // greedy: the same answer again
  settle();
  test::saveScreenshot(window_.get(), "ask");
  EXPECT_TRUE(chat->conversationText().contains(QStringLiteral("> 17, 300, 4")));
  QTest::mouseClick(button("Clear"), Qt::LeftButton);
  EXPECT_EQ(chat->turns(), 0);
  EXPECT_TRUE(window_->lastError().isEmpty()) << window_->lastError().toStdString();
}

TEST(WorkbenchChat, RawPromptsGoAsTypedAndQuestionsGetTheInstruction) {
  test::guiApp();
  using views::PromptMode;
  const QString asr = QStringLiteral("please transcribe the audio content into text: ");
  const QString call = QStringLiteral("please write the function call for this command: ");
  // What the engine sends: the question instruction only for questions, and only with a tokenizer.
  EXPECT_EQ(gui::conversationPromptText(asr, PromptMode::kRawPrompt, true), asr.toStdString());
  EXPECT_EQ(gui::conversationPromptText(QStringLiteral("Who speaks?"), PromptMode::kQuestion, true),
            "please answer the following question. The question is : Who speaks?");  // the reference's
  EXPECT_EQ(gui::conversationPromptText(QStringLiteral("Who speaks?"), PromptMode::kQuestion, false),
            "Who speaks?");

  views::ChatPanel panel;
  panel.setEngineReady(true);
  QList<QPair<QString, PromptMode>> asked;
  QObject::connect(&panel, &views::ChatPanel::askRequested,
                   [&](const QString& text, PromptMode mode, const views::SamplingChoice&) {
                     asked.push_back({text, mode});
                   });
  QComboBox* modes = nullptr;
  for (auto* c : panel.findChildren<QComboBox*>())
    if (c->count() == 3) modes = c;
  ASSERT_TRUE(modes);
  EXPECT_EQ(modes->itemText(int(PromptMode::kRawPrompt)), QStringLiteral("Prompt (sent as is)"));
  EXPECT_EQ(panel.promptMode(), PromptMode::kQuestion);
  panel.submit(QStringLiteral("  Who speaks? "));
  panel.setPromptMode(PromptMode::kRawPrompt);
  EXPECT_EQ(modes->currentIndex(), int(PromptMode::kRawPrompt));
  panel.submit(asr);  // sent exactly, trailing space included
  ASSERT_EQ(asked.size(), 2);
  EXPECT_EQ(asked[0], qMakePair(QStringLiteral("Who speaks?"), PromptMode::kQuestion));
  EXPECT_EQ(asked[1], qMakePair(asr, PromptMode::kRawPrompt));

  // The gallery: the checkpoint's prompts, sent as is (every clip the first, three clips all of them);
  // the generic questions without prompts; token ids without a tokenizer.
  const QList<QPair<QString, QString>> clips = {{"a", "/a.wav"}, {"b", "/b.wav"}, {"c", "/c.wav"}, {"d", "/d.wav"}};
  const QList<QPair<QString, QString>> hints = {{"asr_prompt", asr}, {"call_prompt", call}};
  const QStringList questions = {QStringLiteral("Q1"), QStringLiteral("Q2")};
  const auto demo = views::galleryExamples(clips, hints, questions, false);
  ASSERT_EQ(demo.size(), 7);
  const QStringList titles = {"a", "a", "b", "b", "c", "c", "d"};
  for (int i = 0; i < demo.size(); ++i) {
    EXPECT_EQ(demo[i].title, titles[i]) << i;
    EXPECT_EQ(demo[i].question, i % 2 == 0 ? asr : call) << i;
    EXPECT_EQ(demo[i].mode, PromptMode::kRawPrompt) << i;
  }
  const auto plain = views::galleryExamples(clips, {}, questions, false);
  ASSERT_EQ(plain.size(), 4);
  EXPECT_EQ(plain[2].question, QStringLiteral("Q1"));
  EXPECT_EQ(plain[3].question, QStringLiteral("Q2"));
  for (const auto& e : plain) EXPECT_EQ(e.mode, PromptMode::kQuestion);
  const auto ids = views::galleryExamples(clips, hints, questions, true);
  ASSERT_EQ(ids.size(), 4);
  EXPECT_EQ(ids[1].question, QStringLiteral("11, 201, 3"));
  for (const auto& e : ids) EXPECT_EQ(e.mode, PromptMode::kTokenIds);

  // Activating an example switches the prompt mode to the example's.
  auto* gallery = panel.findChild<QListWidget*>();
  ASSERT_TRUE(gallery);
  QList<views::ChatExample> activated;
  QObject::connect(&panel, &views::ChatPanel::exampleActivated,
                   [&](const views::ChatExample& e) { activated.push_back(e); });
  panel.setExamples(plain + demo);
  EXPECT_EQ(panel.examples().size(), 11);
  ASSERT_EQ(gallery->count(), 11);
  emit gallery->itemActivated(gallery->item(0));
  EXPECT_EQ(panel.promptMode(), PromptMode::kQuestion);
  emit gallery->itemActivated(gallery->item(5));
  EXPECT_EQ(panel.promptMode(), PromptMode::kRawPrompt);
  ASSERT_EQ(activated.size(), 2);
  EXPECT_EQ(activated[1].question, call);
  // Token ids forced (no tokenizer): nothing switches away from them until the force ends.
  panel.setTokenIdPromptsOnly(true);
  EXPECT_TRUE(panel.tokenIdMode());
  EXPECT_FALSE(modes->isEnabled());
  panel.setPromptMode(PromptMode::kRawPrompt);
  emit gallery->itemActivated(gallery->item(4));
  EXPECT_TRUE(panel.tokenIdMode());
  panel.setTokenIdPromptsOnly(false);
  EXPECT_EQ(panel.promptMode(), PromptMode::kQuestion);
  EXPECT_TRUE(modes->isEnabled());
}

TEST_F(Workbench, CheckpointPromptsReachTheEngineWhenTheyLoad) {
  // The fixture steering with a sidecar like the embedded demo's, which names its training prompts.
  QTemporaryDir dir;
  ASSERT_TRUE(QFile::copy(QString::fromStdString(test::data_path("fixtures/steermoe_ckpt/steering.safetensors")),
                          dir.filePath("steering.safetensors")));
  QFile sidecar(dir.filePath("steermoe_config.json"));
  ASSERT_TRUE(sidecar.open(QIODevice::WriteOnly));
  sidecar.write(R"({"pooling_type": "max", "pooling_kernel_size": 4, "pooling_position": 4,
    "asr_prompt": "please transcribe the audio content into text: ",
    "call_prompt": "please write the function call for this command: "})");
  sidecar.close();
  gui::CheckpointSet demo = fixtureCheckpoints();
  demo.steering_path = dir.path();
  QSignalSpy loaded(window_.get(), &MainWindow::checkpointsLoaded);
  window_->loadCheckpoints(demo);
  ASSERT_TRUE(loaded.wait(120000)) << window_->lastError().toStdString();
  const QList<QPair<QString, QString>> expected = {
      {"asr_prompt", "please transcribe the audio content into text: "},
      {"call_prompt", "please write the function call for this command: "}};
  EXPECT_EQ(window_->engine()->promptHints(), expected);
  // The fixture decoder has no tokenizer, so its prompts stay token ids.
  EXPECT_TRUE(window_->chat()->tokenIdMode());
  openA();
  for (const auto& e : window_->chat()->examples()) EXPECT_EQ(e.mode, views::PromptMode::kTokenIds);
  // Reference checkpoints name none.
  loadFixtureModels();
  EXPECT_TRUE(window_->engine()->promptHints().isEmpty());
}

TEST_F(Workbench, ExportsViewsPaneDataAndTables) {
  openA();
  QTemporaryDir dir;
  auto* model = window_->timeline();
  auto* stack = window_->timelineStack();
  // PNG and SVG of the visible panes.
  ASSERT_TRUE(window_->exportVisiblePng(dir.filePath("view.png"))) << window_->lastError().toStdString();
  QImage png(dir.filePath("view.png"));
  ASSERT_FALSE(png.isNull());
  EXPECT_EQ(png.size(), stack->paneArea()->size());
  QSet<QRgb> colours;
  for (int y = 0; y < png.height(); y += 3)
    for (int x = 0; x < png.width(); x += 3) colours.insert(png.pixel(x, y));
  EXPECT_GT(colours.size(), 200);  // spectrogram, heatmaps and tiers, not a blank page
  ASSERT_TRUE(window_->exportVisibleSvg(dir.filePath("view.svg")));
  QFile svg(dir.filePath("view.svg"));
  ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
  const QByteArray svg_text = svg.readAll();
  EXPECT_TRUE(svg_text.contains("<svg"));
  EXPECT_TRUE(svg_text.contains("<image"));         // the dense panes
  EXPECT_TRUE(svg_text.contains(">Spectrogram<"));  // text stays text
  EXPECT_TRUE(svg_text.contains(">Phones<"));

  // The heatmap's data over the selection.
  model->setSelection({{0.5, 1.0}});
  ASSERT_TRUE(window_->exportPaneCsv(stack->heatmapPane(), dir.filePath("heatmap.csv")));
  QStringList preamble;
  auto rows = readCsv(dir.filePath("heatmap.csv"), &preamble);
  ASSERT_FALSE(preamble.isEmpty());
  EXPECT_TRUE(preamble.join('\n').contains("frame i covers")) << preamble.join('\n').toStdString();
  EXPECT_TRUE(preamble.join('\n').contains("utt-clip0"));
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].mid(0, 5), (QStringList{"frame", "start_s", "end_s", "valid", "p_expert_0"}));
  EXPECT_EQ(rows[0].back(), QStringLiteral("dominant_expert"));
  EXPECT_EQ(rows.size() - 1, 25u);  // 0.5 s at 50 Hz
  EXPECT_EQ(rows[1][0], QStringLiteral("25"));
  const RouterTrace& t = window_->content()->record.layers[0];
  for (size_t r = 1; r < rows.size(); ++r) {
    double sum = 0;
    for (int e = 0; e < 8; ++e) sum += rows[r][4 + e].toDouble();
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_NEAR(rows[r][4 + 3].toDouble(), t.probs.at(rows[r][0].toLongLong(), 3), 1e-6);
  }
  ASSERT_TRUE(window_->exportPaneCsv(stack->spectrogramPane(), dir.filePath("spectrogram.csv")));
  rows = readCsv(dir.filePath("spectrogram.csv"), nullptr);
  EXPECT_EQ(rows[0][2], QStringLiteral("db_0.00Hz"));
  EXPECT_EQ(rows[0].size(), 2 + 257);
  ASSERT_TRUE(window_->exportPaneCsv(stack->pane(views::PaneKind::kPhones), dir.filePath("phones.csv")));
  rows = readCsv(dir.filePath("phones.csv"), nullptr);
  EXPECT_EQ(rows[0], (QStringList{"start_s", "end_s", "label", "phone_class"}));
  // Tables of the analysis.
  ASSERT_TRUE(window_->exportAnalysisCsv(MainWindow::AnalysisTable::kRouting, dir.filePath("routing.csv")));
  rows = readCsv(dir.filePath("routing.csv"), nullptr);
  EXPECT_EQ(rows.size(), 5u);  // header + 4 layers
  EXPECT_EQ(rows[0][0], QStringLiteral("layer"));
  ASSERT_TRUE(
      window_->exportAnalysisCsv(MainWindow::AnalysisTable::kPhoneClasses, dir.filePath("classes.csv")));
  rows = readCsv(dir.filePath("classes.csv"), nullptr);
  EXPECT_EQ(rows[0],
            (QStringList{"layer", "expert", "label", "soft_count", "hard_count", "p_expert_given_label"}));
  ASSERT_TRUE(window_->exportAnalysisCsv(MainWindow::AnalysisTable::kTokens, dir.filePath("tokens.csv")));
  EXPECT_EQ(readCsv(dir.filePath("tokens.csv"), nullptr).size(), 11u);
  // Nothing to export is an error, not an empty file.
  EXPECT_FALSE(window_->exportAnalysisCsv(MainWindow::AnalysisTable::kComparison, dir.filePath("none.csv")));
  EXPECT_FALSE(QFile::exists(dir.filePath("none.csv")));
  EXPECT_TRUE(window_->lastError().contains("nothing to export")) << window_->lastError().toStdString();
}

TEST_F(Workbench, ASessionRestoresTheWholeWorkbench) {
  openA();
  QSignalSpy shown(window_.get(), &MainWindow::utteranceShown);
  window_->selectUtterance(1);
  ASSERT_TRUE(shown.wait(30000));
  window_->setLayer(2);
  auto* model = window_->timeline();
  model->setLevel(model->level() - 5);
  model->setFirstColumn(40);
  model->setCursor(0.8);
  model->setSelection({{0.3, 0.6}, {1.2, 1.4}});
  views::SpectrogramSettings s = views::SpectrogramSettings::speechPreset();
  s.window = SpectrogramWindow::kBlackman;
  s.colour_map = views::ColourMapId::kInferno;
  s.axis = views::FrequencyAxis::kLog;
  window_->timelineStack()->setSpectrogramSettings(s);
  QTemporaryDir dir;
  const QString path = dir.filePath("study.steerscope");
  ASSERT_TRUE(window_->saveSession(path));
  const gui::Session saved = window_->currentSession();

  MainWindow restored;
  restored.resize(1600, 1000);
  restored.show();
  QSignalSpy restored_shown(&restored, &MainWindow::utteranceShown);
  ASSERT_TRUE(restored.openSession(path));
  ASSERT_TRUE(restored_shown.wait(30000));
  QCoreApplication::processEvents();
  const gui::Session again = restored.currentSession();
  EXPECT_EQ(again.recording, saved.recording);
  EXPECT_EQ(again.utterance, QStringLiteral("utt-clip1"));
  EXPECT_EQ(again.layer, 2);
  EXPECT_EQ(again.zoom_level, saved.zoom_level);
  EXPECT_EQ(again.first_column, 40);
  EXPECT_DOUBLE_EQ(again.cursor, 0.8);
  EXPECT_EQ(again.selection, saved.selection);
  EXPECT_EQ(again.spectrogram, s);
}

// A recording names the decoder it was made with; when its tokenizer is found (here moved together with
// the recording, as the installed demo is), the transcript shows each token's text, not its id.
TEST_F(Workbench, ARecordingsTranscriptShowsTokenTextsFromItsDecodersTokenizer) {
  namespace fs = std::filesystem;
  const fs::path demo = fs::path(STEERSCOPE_SOURCE_DIR) / "resources" / "demo";
  if (!fs::exists(demo / "demo.h5")) GTEST_SKIP() << "no demo bundle in " << demo;
  QTemporaryDir dir;
  const fs::path moved = fs::path(dir.path().toStdString()) / "elsewhere";
  fs::create_directories(moved / "decoder");
  fs::copy_file(demo / "demo.h5", moved / "demo.h5");
  for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
    fs::copy_file(demo / "decoder" / f, moved / "decoder" / f);
  ASSERT_TRUE(window_->openRecording(QString::fromStdString((moved / "demo.h5").string())));
  ASSERT_TRUE(test::waitFor([&] { return window_->content() && window_->content()->record.output &&
                                         !window_->content()->token_texts.empty(); },
                            30000));
  const auto& out = *window_->content()->record.output;
  const QString text = window_->transcriptView()->plainText();
  EXPECT_EQ(window_->transcriptView()->tokenCount(), int(out.token_ids.size()));
  // The pieces spell the decoded transcript; the stop token shows by its name and is not part of it.
  EXPECT_EQ(text.toStdString(), out.text);
  const auto& last = window_->content()->token_texts.back();
  EXPECT_TRUE(last.special);
  EXPECT_EQ(last.text, "<|im_end|>");
}

TEST_F(Workbench, FirstStartOpensTheDemoAndLaterStartsTheWelcomePage) {
  QSettings().clear();
  MainWindow first;
  first.startUp({}, recordings().a);  // the demo recording, as findDemoRecording() would name it
  EXPECT_FALSE(first.isWelcomeShown());
  ASSERT_TRUE(first.document());
  MainWindow second;
  second.startUp({}, recordings().a);  // not the first start any more
  EXPECT_TRUE(second.isWelcomeShown());
  QSettings().clear();
  MainWindow no_demo;
  no_demo.resize(1400, 900);
  no_demo.show();
  no_demo.startUp({}, QString());
  EXPECT_TRUE(no_demo.isWelcomeShown());
  QCoreApplication::processEvents();
  test::saveScreenshot(&no_demo, "welcome");
}

TEST_F(Workbench, ErrorsReachTheUserAsDialogsNamingTheFile) {
  QSignalSpy errors(window_.get(), &MainWindow::errorShown);
  EXPECT_FALSE(window_->openRecording(QStringLiteral("/nonexistent/run.h5")));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(window_->lastError().contains(QStringLiteral("/nonexistent/run.h5")))
      << window_->lastError().toStdString();
  const auto boxes = window_->findChildren<QMessageBox*>();
  ASSERT_FALSE(boxes.isEmpty());
  EXPECT_TRUE(boxes.back()->isVisible());
  EXPECT_TRUE(boxes.back()->text().contains(QStringLiteral("/nonexistent/run.h5")));
  // Intervening without a live engine says what is missing.
  openA();
  window_->requestIntervention({views::InterventionRequest::Kind::kAblateExpert, 0, 0, 1.0});
  EXPECT_TRUE(window_->lastError().contains(QStringLiteral("checkpoints")))
      << window_->lastError().toStdString();
}

TEST_F(Workbench, ComparesTwoCheckpointSetsRunLiveOnTheSameAudio) {
  loadFixtureModels();
  openA();
  // The same steering weights from another file (the torch.save archive): two engines, one routing.
  gui::CheckpointSet b = fixtureCheckpoints();
  b.steering_path = QString::fromStdString(test::data_path("fixtures/steermoe_ckpt/steering.bin"));
  QSignalSpy compared(window_.get(), &MainWindow::comparisonFinished);
  window_->compareWithCheckpoints(b);
  ASSERT_TRUE(compared.wait(240000)) << window_->lastError().toStdString();
  auto* view = window_->comparison();
  ASSERT_TRUE(view->comparison()) << window_->lastError().toStdString();
  ASSERT_EQ(view->comparison()->layers.size(), 4u);
  for (const auto& l : view->comparison()->layers) {
    EXPECT_LT(l.js_bits, 1e-9) << "layer " << l.layer;
    EXPECT_DOUBLE_EQ(l.dominant_agreement, 1.0) << "layer " << l.layer;
  }
  EXPECT_EQ(view->transcriptDiff()->alignment().counts.errors(), 0);
}

TEST_F(Workbench, LiveRunsKeepTheWindowResponsiveAndCanBeCancelled) {
  loadFixtureModels();
  openA();
  // A timer on the GUI thread measures how long the event loop is ever kept waiting during a run.
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0, worst_gap = 0;
  QTimer tick;
  QObject::connect(&tick, &QTimer::timeout, [&] {
    worst_gap = std::max(worst_gap, clock.elapsed() - last);
    last = clock.elapsed();
  });
  tick.start(10);
  QSignalSpy finished(window_.get(), &MainWindow::liveRunFinished);
  window_->runLive();
  last = clock.elapsed();
  ASSERT_TRUE(finished.wait(180000));
  tick.stop();
  // The encoder and decoder ran for a while (seconds on this CPU); the GUI never waited for them.
  EXPECT_LT(worst_gap, 500) << "the event loop was blocked for " << worst_gap << " ms";
  EXPECT_TRUE(window_->lastError().isEmpty()) << window_->lastError().toStdString();

  // Cancelling: the run stops at the next window or token and says so; nothing is added.
  const size_t runs = window_->document()->size();
  QSignalSpy again(window_.get(), &MainWindow::liveRunFinished);
  window_->runLive();
  window_->cancelWork();
  ASSERT_TRUE(again.wait(180000));
  EXPECT_TRUE(window_->lastError().isEmpty()) << window_->lastError().toStdString();  // no error dialog
  EXPECT_EQ(window_->statusBar()->currentMessage(), QStringLiteral("Cancelled."));
  EXPECT_EQ(window_->document()->size(), runs);
}

TEST_F(Workbench, PlaybackMovesThePlayPositionOrSaysWhyItCannot) {
  openA();
  views::AudioPlayer* player = window_->findChild<views::AudioPlayer*>();
  ASSERT_TRUE(player);
  ASSERT_TRUE(player->hasAudio());
  QSignalSpy errors(player, &views::AudioPlayer::errorOccurred);
  window_->timeline()->setSelection({{0.5, 1.5}});
  if (!views::AudioPlayer::outputAvailable()) {
    EXPECT_FALSE(player->playSelection());
    ASSERT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors.front().front().toString().contains(QStringLiteral("audio output")));
    EXPECT_LT(window_->timeline()->playPosition(), 0.0);
    return;
  }
  ASSERT_TRUE(player->playSelection());
  EXPECT_TRUE(player->isPlaying());
  EXPECT_GE(window_->timeline()->playPosition(), 0.5);
  ASSERT_TRUE(
      test::waitFor([&] { return window_->timeline()->playPosition() > 0.6 || !player->isPlaying(); }, 5000));
  player->stop();
  EXPECT_LT(window_->timeline()->playPosition(), 0.0);
}
