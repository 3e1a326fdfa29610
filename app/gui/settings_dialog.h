#pragma once
// Preferences: the interface language (applied at the next start) and the recent-files list.

#include <QDialog>

class QComboBox;

namespace steerscope::gui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  explicit SettingsDialog(QWidget* parent = nullptr);
  QString language() const;  // "", "en", "zh_CN"
  bool clearRecentFiles() const { return clear_recent_; }

 private:
  QComboBox* language_;
  bool clear_recent_ = false;
};

}  // namespace steerscope::gui
