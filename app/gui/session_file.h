#pragma once
// Reading and writing session files. Saving is atomic (QSaveFile: written to a temporary file in the
// same directory, then renamed over the target), so a crash or a full disk never leaves a truncated
// session in place of a good one (Sonic Visualiser's TempWriteFile, anchors.md C.1 #10).

#include <QString>
#include <optional>

#include "app/gui/session.h"

namespace steerscope::gui {

class SessionFile {
 public:
  static constexpr const char* kSuffix = "steerscope";  // file extension, without the dot

  // Errors are translated messages naming the file.
  static bool save(const Session& session, const QString& path, QString* error);
  static std::optional<Session> load(const QString& path, QString* error);
};

}  // namespace steerscope::gui
