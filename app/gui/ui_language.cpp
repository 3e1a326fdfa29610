#include "app/gui/ui_language.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace steerscope::gui {

QStringList availableTranslations() {
  QStringList out;
  for (const QString& f : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("steerscope_*.qm")}))
    out << f.mid(11, f.size() - 11 - 3);
  return out;
}

bool installTranslations(const QString& language) {
  const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
  if (locale.language() == QLocale::English) return false;
  auto* app = new QTranslator(QCoreApplication::instance());
  if (!app->load(locale, QStringLiteral("steerscope"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
    delete app;
    return false;
  }
  QCoreApplication::installTranslator(app);
  auto* qt = new QTranslator(QCoreApplication::instance());
  if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  return true;
}

}  // namespace steerscope::gui
