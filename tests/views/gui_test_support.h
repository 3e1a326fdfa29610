#pragma once
// What the GUI tests share: one QApplication per test process on the offscreen platform (widgets, Qt
// Charts and SVG render to images without a display), isolated settings, waiting for asynchronous work
// with the event loop running, and screenshots saved as test artefacts under the build directory
// (build/tests/views/screenshots/), which the README's pictures are taken from.

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <string>

namespace steerscope::test {

inline QApplication& guiApp() {
  static int argc = 1;
  static char name[] = "steerscope-gui-test";
  static char* argv[] = {name, nullptr};
  static QApplication* app = [] {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) qputenv("XDG_RUNTIME_DIR", QDir::tempPath().toUtf8());
    QStandardPaths::setTestModeEnabled(true);  // settings go to a test location, not the user's
    auto* a = new QApplication(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("SteerScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("steerscope-test"));
    QSettings().clear();
    return a;
  }();
  return *app;
}

// Runs the event loop until pred() holds or timeout_ms passes; returns pred().
// Sleeps in the event loop between checks, so that worker threads (the live engine) get the CPU.
inline bool waitFor(const std::function<bool()>& pred, int timeout_ms = 30000) {
  QElapsedTimer timer;
  timer.start();
  while (!pred() && timer.elapsed() < timeout_ms) {
    QEventLoop loop;
    QTimer::singleShot(10, &loop, &QEventLoop::quit);
    loop.exec();
  }
  return pred();
}

inline QString screenshotDir() {
  const QString dir = QStringLiteral(STEERSCOPE_BUILD_DIR "/tests/views/screenshots");
  QDir().mkpath(dir);
  return dir;
}

// Renders the widget to <build>/tests/views/screenshots/<name>.png and returns the path.
inline QString saveScreenshot(QWidget* widget, const QString& name) {
  QImage image(widget->size(), QImage::Format_ARGB32_Premultiplied);
  image.fill(widget->palette().color(QPalette::Window));
  widget->render(&image);
  const QString path = screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png");
  image.save(path);
  return path;
}

}  // namespace steerscope::test
