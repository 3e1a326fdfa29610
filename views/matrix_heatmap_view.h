#pragma once
// A labelled matrix drawn as a heatmap (rows × columns, one colour per cell on a sequential scale from
// 0 to the matrix maximum, or a fixed range), for the expert × phone-class and expert × speaker tables.
// Values are printed in the cells when they fit. Hovering reports the cell; clicking emits cellClicked,
// which the charts turn into a timeline selection.

#include <QStringList>
#include <QWidget>
#include <vector>

#include "views/colour_map.h"

namespace steerscope::views {

class MatrixHeatmapView : public QWidget {
  Q_OBJECT
 public:
  explicit MatrixHeatmapView(QWidget* parent = nullptr);

  // values: [rows * columns], row-major. max <= min means "from 0 to the largest value".
  void setMatrix(std::vector<double> values, QStringList row_labels, QStringList column_labels,
                 double min = 0.0, double max = 0.0);
  void setValueFormat(char format, int precision);
  void setTitle(const QString& title);
  void setColourMap(ColourMapId id);
  void setSelectedCell(int row, int column);

  int rows() const { return row_labels_.size(); }
  int columns() const { return column_labels_.size(); }
  double value(int row, int column) const { return values_[size_t(row * columns() + column)]; }
  // The cell at a widget position, or {-1, -1}.
  QPoint cellAt(const QPoint& pos) const;
  QRect cellRect(int row, int column) const;

  QSize sizeHint() const override { return {520, 300}; }

 signals:
  void cellClicked(int row, int column);
  void hoverChanged(const QString& text);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  QRect matrixRect() const;
  std::vector<double> values_;
  QStringList row_labels_, column_labels_;
  double min_ = 0.0, max_ = 1.0;
  char format_ = 'f';
  int precision_ = 2;
  QString title_;
  ColourMapId colour_map_ = ColourMapId::kViridis;
  QPoint selected_{-1, -1};
};

}  // namespace steerscope::views
