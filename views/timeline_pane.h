#pragma once
// Base of every time-based pane (waveform, spectrogram, router heatmap, layer overview, tiers, series):
// a left gutter with the pane's title and axis, and a content area whose pixel x is column
// TimelineModel::firstColumn() + x. The base draws what all panes share (selection, cursor, play
// position) over the content and turns mouse input into model changes:
//   left click          cursor; left drag: select a range (Ctrl adds a range, Shift extends)
//   wheel               zoom around the pointer; Shift+wheel or a horizontal wheel pans
//   middle drag         pan
//   hover               hoverChanged(describeAt(pos)): exact values for the status bar
//   right click         context menu from fillContextMenu()
// Subclasses paint the content (paintContent), the gutter labels (paintGutter), say what is under the
// pointer (describeAt) and export what they show as CSV (writeCsv).

#include <QPointer>
#include <QTextStream>
#include <QWidget>
#include <functional>

#include "views/csv_preamble.h"
#include "views/timeline_model.h"

class QMenu;

namespace steerscope::views {

class TimelinePane : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kGutterWidth = 84;

  explicit TimelinePane(TimelineModel* model, QWidget* parent = nullptr);

  TimelineModel* timeline() const { return model_; }
  virtual QString title() const = 0;
  // One-line readout of the values under a widget position; empty outside the content.
  virtual QString describeAt(const QPoint& pos) const;
  // Writes what the pane shows over `range` as CSV: '#' preamble lines (preamble + the pane's own
  // description: units, frame rate, frame convention), one header row, then data rows. Returns false
  // (writing nothing) when the pane has nothing to export.
  virtual bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const = 0;

  QRect contentRect() const;
  QRect gutterRect() const;
  // Content x of a time, and time of a content-area x (widget coordinates).
  double widgetXAtTime(double t) const { return contentRect().left() + model_->xAtTime(t); }
  double timeAtWidgetX(double x) const { return model_->timeAtX(x - contentRect().left()); }

  // Extra words for every hover readout at time t (the stack supplies the phone, word and speaker
  // there, so that each pane's readout says what is being said).
  void setHoverContext(std::function<QString(double)> context) { hover_context_ = std::move(context); }
  QString hoverContext(double t) const { return hover_context_ ? hover_context_(t) : QString(); }

 signals:
  void hoverChanged(const QString& text);

 protected:
  virtual void paintContent(QPainter& painter, const QRect& content) = 0;
  virtual void paintGutter(QPainter& painter, const QRect& gutter);
  virtual void fillContextMenu(QMenu& menu, const QPoint& pos);
  // Called when the data or settings change: drop cached tiles and repaint.
  virtual void invalidate() { update(); }

  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;

  // Draws the shared overlays; subclasses that paint through other means may call it.
  void paintOverlays(QPainter& painter, const QRect& content);
  // A padded region (no audio) drawn with a light hatch from time t onwards.
  void paintPadding(QPainter& painter, const QRect& content, double audio_end_s);

 private:
  enum class Drag { kNone, kSelect, kPan };
  TimelineModel* model_;
  std::function<QString(double)> hover_context_;
  Drag drag_ = Drag::kNone;
  double drag_anchor_time_ = 0.0;
  double drag_last_x_ = 0.0;
  std::vector<TimeRange> selection_before_drag_;
};

}  // namespace steerscope::views
