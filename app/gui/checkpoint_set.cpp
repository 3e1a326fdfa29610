#include "app/gui/checkpoint_set.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace steerscope::gui {

QString CheckpointSet::describe() const {
  auto name = [](const QString& p) { return QFileInfo(p).fileName(); };
  if (isEmpty()) return QCoreApplication::translate("steerscope::gui::CheckpointSet", "no checkpoints");
  QString s = name(encoder_dir);
  if (!steering_path.isEmpty()) s += QStringLiteral(" + ") + name(steering_path);
  if (!decoder_dir.isEmpty()) s += QStringLiteral(" → ") + name(decoder_dir);
  return s;
}

QJsonObject CheckpointSet::toJson() const {
  return {{"encoder", encoder_dir},
          {"steering", steering_path},
          {"decoder", decoder_dir},
          {"prompt_ids", prompt_ids}};
}

CheckpointSet CheckpointSet::fromJson(const QJsonObject& j) {
  CheckpointSet c;
  c.encoder_dir = j.value("encoder").toString();
  c.steering_path = j.value("steering").toString();
  c.decoder_dir = j.value("decoder").toString();
  c.prompt_ids = j.value("prompt_ids").toString();
  return c;
}

}  // namespace steerscope::gui
