#pragma once
// Installs the interface translation: SteerScope's own (compiled from translations/*.ts into the
// resources under :/i18n) and Qt's standard dialogs (qtbase_*.qm from the Qt installation).

#include <QString>

namespace steerscope::gui {

// language: "" = the system locale, "en", "zh_CN". Returns false when no SteerScope translation exists
// for it (English needs none: the source strings are English).
bool installTranslations(const QString& language);

// Languages with a translation, as codes ("zh_CN").
QStringList availableTranslations();

}  // namespace steerscope::gui
