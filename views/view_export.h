#pragma once
// Exports of what the workbench shows: images of widgets (PNG raster, SVG vector: panes draw their
// dense parts as embedded images and axes, tiers, cursors and text as vectors) and text files written
// atomically (QSaveFile: a failed export never leaves half a file in place of an old one).
//
// Errors come back as translated messages naming the file, for the app to show in a dialog.

#include <QString>
#include <QTextStream>
#include <functional>

class QWidget;

namespace steerscope::views {

// Renders the widget (and its children) at its current size; scale > 1 renders at higher resolution.
bool exportWidgetPng(QWidget* widget, const QString& path, QString* error, double scale = 1.0);
bool exportWidgetSvg(QWidget* widget, const QString& path, const QString& title, QString* error);
// Writes a UTF-8 text file through write(); a false return from write() means "nothing to export" and
// is reported as such.
bool exportTextFile(const QString& path, const std::function<bool(QTextStream&)>& write, QString* error);

}  // namespace steerscope::views
