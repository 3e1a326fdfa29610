#include "app/gui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/gui/workbench_settings.h"

namespace steerscope::gui {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  WorkbenchSettings settings;
  language_ = new QComboBox(this);
  language_->addItem(tr("System language"), QString());
  language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
  language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
  const int i = language_->findData(settings.language());
  language_->setCurrentIndex(i < 0 ? 0 : i);
  auto* clear = new QPushButton(tr("Clear recent files"), this);
  connect(clear, &QPushButton::clicked, this, [this, clear] {
    clear_recent_ = true;
    clear->setEnabled(false);
  });
  auto* form = new QFormLayout;
  form->addRow(tr("Language"), language_);
  form->addRow(QString(), clear);
  auto* note = new QLabel(tr("A new language takes effect the next time SteerScope starts."), this);
  note->setWordWrap(true);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(note);
  layout->addWidget(buttons);
}

QString SettingsDialog::language() const {
  return language_->currentData().toString();
}

}  // namespace steerscope::gui
