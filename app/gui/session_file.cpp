#include "app/gui/session_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace steerscope::gui {

bool SessionFile::save(const Session& session, const QString& path, QString* error) {
  const QString base = QFileInfo(path).absolutePath();
  const QByteArray bytes = QJsonDocument(session.toJson(base)).toJson(QJsonDocument::Indented);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    if (error)
      *error =
          QCoreApplication::translate("steerscope::gui::SessionFile", "Could not save the session to %1: %2")
              .arg(path, file.errorString());
    return false;
  }
  return true;
}

std::optional<Session> SessionFile::load(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (error)
      *error =
          QCoreApplication::translate("steerscope::gui::SessionFile", "Could not open the session %1: %2")
              .arg(path, file.errorString());
    return std::nullopt;
  }
  QJsonParseError parse;
  const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
  if (doc.isNull() || !doc.isObject()) {
    if (error)
      *error =
          QCoreApplication::translate("steerscope::gui::SessionFile", "%1 is not valid JSON: %2 (at byte %3)")
              .arg(path, parse.errorString())
              .arg(parse.offset);
    return std::nullopt;
  }
  QString why;
  Session s = Session::fromJson(doc.object(), QFileInfo(path).absolutePath(), &why);
  if (!why.isEmpty()) {
    if (error) *error = QStringLiteral("%1: %2").arg(path, why);
    return std::nullopt;
  }
  return s;
}

}  // namespace steerscope::gui
