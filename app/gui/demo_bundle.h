#pragma once
// The embedded demo's recording, demo.h5 in the demo bundle (core/util/install_paths.h says where the
// bundle is looked for). The workbench opens it on first start when it exists, and shows the welcome
// page otherwise.

#include <QString>

namespace steerscope::gui {

// Empty when there is no demo bundle or it holds no recording.
QString findDemoRecording();

}  // namespace steerscope::gui
