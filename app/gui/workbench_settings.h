#pragma once
// The workbench's persistent preferences (QSettings, organisation "SteerScope", application
// "steerscope"): interface language, recent files, whether the first start has happened, the last
// checkpoints, and the window layout. One typed accessor per key, so the keys live in one place.

#include <QByteArray>
#include <QSettings>
#include <QStringList>

#include "app/gui/checkpoint_set.h"

namespace steerscope::gui {

class WorkbenchSettings {
 public:
  static constexpr int kMaxRecentFiles = 10;

  // "" = the system's language, "en", "zh_CN".
  QString language() const;
  void setLanguage(const QString& language);

  QStringList recentFiles() const;
  void addRecentFile(const QString& path);  // most recent first, no duplicates
  void clearRecentFiles();

  bool firstRunDone() const;
  void setFirstRunDone();

  CheckpointSet lastCheckpoints() const;
  void setLastCheckpoints(const CheckpointSet& checkpoints);

  QByteArray windowGeometry() const;
  QByteArray windowState() const;
  void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

 private:
  QSettings settings_;
};

}  // namespace steerscope::gui
