#pragma once
// What the window shows when nothing is open: how to get started (open a recording, open audio with
// checkpoints, open a session, the demo when it is installed) and the recent files.

#include <QWidget>

class QListWidget;
class QPushButton;

namespace steerscope::gui {

class WelcomePage : public QWidget {
  Q_OBJECT
 public:
  explicit WelcomePage(QWidget* parent = nullptr);
  void setRecentFiles(const QStringList& files);
  void setDemoAvailable(bool available);

 signals:
  void openRecordingRequested();
  void openAudioRequested();
  void openCheckpointsRequested();
  void openSessionRequested();
  void openDemoRequested();
  void recentFileRequested(const QString& path);

 private:
  QListWidget* recent_;
  QPushButton* demo_;
};

}  // namespace steerscope::gui
