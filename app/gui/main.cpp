// steerscope: the workbench. Parses the command line, installs the translation and opens the window;
// everything else is MainWindow's.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstdio>

#include <torch/version.h>

#include "app/gui/demo_bundle.h"
#include "app/gui/main_window.h"
#include "app/gui/ui_language.h"
#include "app/gui/workbench_settings.h"
#include "views/timeline_stack.h"
#include "steerscope/build_info.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("SteerScope"));
  QApplication::setApplicationName(QStringLiteral("steerscope"));
  QApplication::setApplicationDisplayName(QStringLiteral("SteerScope"));
  QApplication::setApplicationVersion(QString::fromLatin1(steerscope::build_info::kVersion));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/steerscope.svg")));
  steerscope::gui::installTranslations(steerscope::gui::WorkbenchSettings().language());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate("main",
                                  "Workbench for SteerMoE audio-language models: routing against the sound, "
                                  "checkpoint comparison and spoken QA."));
  parser.addHelpOption();
  QCommandLineOption version(
      {QStringLiteral("v"), QStringLiteral("version")},
      QCoreApplication::translate("main", "Print the versions of SteerScope, Qt and LibTorch."));
  parser.addOption(version);
  QCommandLineOption no_demo(QStringLiteral("no-demo"),
                             QCoreApplication::translate("main", "Do not open the demo on first start."));
  parser.addOption(no_demo);
  QCommandLineOption screenshot(
      QStringLiteral("screenshot"),
      QCoreApplication::translate("main",
                                  "Open the files, wait until the recording is analysed and every pane is drawn, "
                                  "save the window as a PNG image to <file> and quit (works offscreen)."),
      QStringLiteral("file"));
  parser.addOption(screenshot);
  QCommandLineOption tab(QStringLiteral("tab"),
                         QCoreApplication::translate("main", "Tab to show: timeline, charts, comparison or ask."),
                         QStringLiteral("name"), QStringLiteral("timeline"));
  parser.addOption(tab);
  parser.addPositionalArgument(
      QStringLiteral("files"),
      QCoreApplication::translate("main", "Recordings (.h5), sessions (.steerscope) or audio files to open."),
      QStringLiteral("[files...]"));
  parser.process(app);
  if (parser.isSet(version)) {
    std::printf("steerscope %s (Qt %s, LibTorch %s)\n", steerscope::build_info::kVersion, qVersion(),
                TORCH_VERSION);
    return 0;
  }

  using steerscope::gui::MainWindow;
  const QStringList tabs = {QStringLiteral("timeline"), QStringLiteral("charts"), QStringLiteral("comparison"),
                            QStringLiteral("ask")};
  const int tab_index = int(tabs.indexOf(parser.value(tab)));
  if (tab_index < 0) {
    std::fprintf(stderr, "steerscope: --tab must be one of timeline, charts, comparison, ask (not '%s')\n",
                 qPrintable(parser.value(tab)));
    return 2;
  }
  MainWindow window;
  if (parser.isSet(screenshot)) {
    window.resize(1600, 1000);
    const QString file = parser.value(screenshot);
    QObject::connect(&window, &MainWindow::analysisFinished, &window, [&window, file, tab_index] {
      window.showTab(MainWindow::Tab(tab_index));
      QCoreApplication::processEvents();
      (void)window.grab();  // every visible pane asks for its tiles
      window.timelineStack()->waitForRendering();
      QCoreApplication::processEvents();
      const bool saved = window.grab().save(file, "PNG");
      std::fprintf(stderr, saved ? "steerscope: wrote %s\n" : "steerscope: cannot write %s\n", qPrintable(file));
      QCoreApplication::exit(saved ? 0 : 1);
    }, Qt::QueuedConnection);
    QObject::connect(&window, &MainWindow::errorShown, &window, [](const QString& message) {
      std::fprintf(stderr, "steerscope: %s\n", qPrintable(message));
      QCoreApplication::exit(1);
    });
  }
  window.show();
  window.startUp(parser.positionalArguments(),
                 parser.isSet(no_demo) ? QString() : steerscope::gui::findDemoRecording());
  return app.exec();
}
