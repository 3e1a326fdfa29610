#include "views/view_export.h"

#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace steerscope::views {

bool exportWidgetPng(QWidget* widget, const QString& path, QString* error, double scale) {
  const QSize size = widget->size() * scale;
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(scale);
  image.fill(widget->palette().color(QPalette::Window));
  {
    QPainter painter(&image);
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport", "Could not write %1: %2")
                   .arg(path, file.errorString());
    return false;
  }
  return true;
}

bool exportWidgetSvg(QWidget* widget, const QString& path, const QString& title, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport", "Could not write %1: %2")
                   .arg(path, file.errorString());
    return false;
  }
  {
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(title);
    svg.setDescription(
        QCoreApplication::translate("steerscope::views::ViewExport", "Exported from SteerScope"));
    QPainter painter(&svg);
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  }
  if (!file.commit()) {
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport", "Could not write %1: %2")
                   .arg(path, file.errorString());
    return false;
  }
  return true;
}

bool exportTextFile(const QString& path, const std::function<bool(QTextStream&)>& write, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport", "Could not write %1: %2")
                   .arg(path, file.errorString());
    return false;
  }
  bool wrote = false;
  {
    QTextStream out(&file);
    out.setEncoding(QStringConverter::Utf8);
    wrote = write(out);
    out.flush();
  }
  if (!wrote) {
    file.cancelWriting();
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport",
                                           "There is nothing to export from this view.");
    return false;
  }
  if (!file.commit()) {
    if (error)
      *error = QCoreApplication::translate("steerscope::views::ViewExport", "Could not write %1: %2")
                   .arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace steerscope::views
