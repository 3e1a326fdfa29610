#include "app/gui/workbench_settings.h"

#include <QJsonDocument>

namespace steerscope::gui {

QString WorkbenchSettings::language() const {
  return settings_.value("ui/language").toString();
}
void WorkbenchSettings::setLanguage(const QString& language) {
  settings_.setValue("ui/language", language);
}

QStringList WorkbenchSettings::recentFiles() const {
  return settings_.value("files/recent").toStringList();
}

void WorkbenchSettings::addRecentFile(const QString& path) {
  QStringList files = recentFiles();
  files.removeAll(path);
  files.prepend(path);
  while (files.size() > kMaxRecentFiles) files.removeLast();
  settings_.setValue("files/recent", files);
}

void WorkbenchSettings::clearRecentFiles() {
  settings_.remove("files/recent");
}

bool WorkbenchSettings::firstRunDone() const {
  return settings_.value("ui/first_run_done", false).toBool();
}
void WorkbenchSettings::setFirstRunDone() {
  settings_.setValue("ui/first_run_done", true);
}

CheckpointSet WorkbenchSettings::lastCheckpoints() const {
  return CheckpointSet::fromJson(
      QJsonDocument::fromJson(settings_.value("models/last").toByteArray()).object());
}

void WorkbenchSettings::setLastCheckpoints(const CheckpointSet& c) {
  settings_.setValue("models/last", QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact));
}

QByteArray WorkbenchSettings::windowGeometry() const {
  return settings_.value("ui/geometry").toByteArray();
}
QByteArray WorkbenchSettings::windowState() const {
  return settings_.value("ui/state").toByteArray();
}
void WorkbenchSettings::setWindowLayout(const QByteArray& geometry, const QByteArray& state) {
  settings_.setValue("ui/geometry", geometry);
  settings_.setValue("ui/state", state);
}

}  // namespace steerscope::gui
