#include "views/csv_preamble.h"

#include "steerscope/build_info.h"

namespace steerscope::views {

void CsvPreamble::write(QTextStream& out, const QString& what, const QStringList& description) const {
  out << "# steerscope " << build_info::kVersion << ": " << what << "\n";
  if (!source.isEmpty()) out << "# source: " << source << "\n";
  for (const auto& line : extra) out << "# " << line << "\n";
  for (const auto& line : description) out << "# " << line << "\n";
}

QString csvField(const QString& text) {
  if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
      !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
    return text;
  QString quoted = text;
  quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace steerscope::views
