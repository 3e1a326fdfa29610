#pragma once
// What a CSV export says about where its numbers come from, written as '#' lines before the header
// row, so that a file found later in a notebook explains itself (anchors.md B.5: "what do the rows and
// columns mean?"). pandas reads such files with read_csv(path, comment='#').

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace steerscope::views {

struct CsvPreamble {
  QString source;     // "recording run.h5, utterance 1089-134686-0000"
  QStringList extra;  // any further lines

  // Writes "# steerscope <version>: <what>", the source, the extra lines and the given description
  // lines, each prefixed with "# ".
  void write(QTextStream& out, const QString& what, const QStringList& description) const;
};

// Quotes a CSV field when it contains a separator, quote or line break (RFC 4180).
QString csvField(const QString& text);

}  // namespace steerscope::views
