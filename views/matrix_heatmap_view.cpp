#include "views/matrix_heatmap_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace steerscope::views {

namespace {
constexpr int kLeft = 56;
constexpr int kTop = 26;
constexpr int kBottom = 64;
constexpr int kRight = 12;
}  // namespace

MatrixHeatmapView::MatrixHeatmapView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(240, 160);
}

void MatrixHeatmapView::setMatrix(std::vector<double> values, QStringList row_labels,
                                  QStringList column_labels, double min, double max) {
  values_ = std::move(values);
  row_labels_ = std::move(row_labels);
  column_labels_ = std::move(column_labels);
  values_.resize(size_t(rows() * columns()), 0.0);
  min_ = min;
  max_ = max;
  if (max_ <= min_) {
    min_ = 0.0;
    max_ = 0.0;
    for (double v : values_)
      if (std::isfinite(v)) max_ = std::max(max_, v);
    if (max_ <= 0.0) max_ = 1.0;
  }
  selected_ = {-1, -1};
  update();
}

void MatrixHeatmapView::setValueFormat(char format, int precision) {
  format_ = format;
  precision_ = precision;
  update();
}

void MatrixHeatmapView::setTitle(const QString& title) {
  title_ = title;
  update();
}

void MatrixHeatmapView::setColourMap(ColourMapId id) {
  colour_map_ = id;
  update();
}

void MatrixHeatmapView::setSelectedCell(int row, int column) {
  selected_ = {column, row};
  update();
}

QRect MatrixHeatmapView::matrixRect() const {
  return QRect(kLeft, kTop, std::max(1, width() - kLeft - kRight), std::max(1, height() - kTop - kBottom));
}

QRect MatrixHeatmapView::cellRect(int row, int column) const {
  const QRect m = matrixRect();
  if (rows() == 0 || columns() == 0) return {};
  const int x0 = m.left() + column * m.width() / columns(),
            x1 = m.left() + (column + 1) * m.width() / columns();
  const int y0 = m.top() + row * m.height() / rows(), y1 = m.top() + (row + 1) * m.height() / rows();
  return QRect(x0, y0, x1 - x0, y1 - y0);
}

QPoint MatrixHeatmapView::cellAt(const QPoint& pos) const {
  const QRect m = matrixRect();
  if (!m.contains(pos) || rows() == 0 || columns() == 0) return {-1, -1};
  const int column = std::min(columns() - 1, (pos.x() - m.left()) * columns() / m.width());
  const int row = std::min(rows() - 1, (pos.y() - m.top()) * rows() / m.height());
  return {column, row};
}

void MatrixHeatmapView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(palette().color(QPalette::WindowText));
  p.drawText(QRect(8, 4, width() - 16, kTop - 6), Qt::AlignLeft | Qt::AlignVCenter, title_);
  p.setFont(font());
  if (rows() == 0 || columns() == 0) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(matrixRect(), Qt::AlignCenter, tr("No data: the recording has no labels of this kind"));
    return;
  }
  const ColourMap& cm = ColourMap::get(colour_map_);
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.8);
  p.setFont(small);
  const QFontMetrics fm(small);
  for (int r = 0; r < rows(); ++r) {
    for (int c = 0; c < columns(); ++c) {
      const QRect cell = cellRect(r, c);
      const double v = value(r, c);
      const double t = std::isfinite(v) ? (v - min_) / (max_ - min_) : 0.0;
      const QRgb colour = cm.at(t);
      p.fillRect(cell, QColor::fromRgb(colour));
      const QString text = std::isfinite(v) ? QString::number(v, format_, precision_) : QStringLiteral("–");
      if (fm.horizontalAdvance(text) + 4 < cell.width() && fm.height() < cell.height()) {
        p.setPen(ColourMap::lightness(colour) > 55 ? Qt::black : Qt::white);
        p.drawText(cell, Qt::AlignCenter, text);
      }
    }
  }
  if (selected_.x() >= 0 && selected_.y() >= 0 && selected_.y() < rows() && selected_.x() < columns()) {
    p.setPen(QPen(QColor(214, 39, 40), 2));
    p.setBrush(Qt::NoBrush);
    p.drawRect(cellRect(selected_.y(), selected_.x()).adjusted(1, 1, -1, -1));
  }
  p.setPen(palette().color(QPalette::WindowText));
  for (int r = 0; r < rows(); ++r) {
    const QRect cell = cellRect(r, 0);
    p.drawText(QRect(0, cell.top(), kLeft - 6, cell.height()), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(row_labels_[r], Qt::ElideRight, kLeft - 8));
  }
  for (int c = 0; c < columns(); ++c) {
    const QRect cell = cellRect(rows() - 1, c);
    p.save();
    p.translate(cell.center().x() + fm.height() / 3, cell.bottom() + 4);
    p.rotate(45);
    p.drawText(0, 0, fm.elidedText(column_labels_[c], Qt::ElideRight, kBottom));
    p.restore();
  }
}

void MatrixHeatmapView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint cell = cellAt(event->position().toPoint());
  if (cell.x() < 0) {
    emit hoverChanged(QString());
    return;
  }
  const QString text = tr("%1 × %2: %3")
                           .arg(row_labels_[cell.y()], column_labels_[cell.x()])
                           .arg(value(cell.y(), cell.x()), 0, format_, precision_ + 2);
  setToolTip(text);
  emit hoverChanged(text);
}

void MatrixHeatmapView::mousePressEvent(QMouseEvent* event) {
  const QPoint cell = cellAt(event->position().toPoint());
  if (cell.x() < 0 || event->button() != Qt::LeftButton) return;
  selected_ = cell;
  update();
  emit cellClicked(cell.y(), cell.x());
}

}  // namespace steerscope::views
