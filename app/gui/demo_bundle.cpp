#include "app/gui/demo_bundle.h"

#include <QDir>
#include <QFileInfo>

#include "core/util/install_paths.h"

namespace steerscope::gui {

QString findDemoRecording() {
  const std::string bundle = find_demo_bundle();
  if (bundle.empty()) return QString();
  const QFileInfo info(QDir(QString::fromStdString(bundle)).filePath(QStringLiteral("demo.h5")));
  return info.isFile() && info.isReadable() ? info.canonicalFilePath() : QString();
}

}  // namespace steerscope::gui
