#include "views/timeline_pane.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <cmath>

namespace steerscope::views {

TimelinePane::TimelinePane(TimelineModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setFocusPolicy(Qt::ClickFocus);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  connect(model_, &TimelineModel::viewChanged, this, qOverload<>(&QWidget::update));
  connect(model_, &TimelineModel::cursorChanged, this, qOverload<>(&QWidget::update));
  connect(model_, &TimelineModel::selectionChanged, this, qOverload<>(&QWidget::update));
  connect(model_, &TimelineModel::playPositionChanged, this, qOverload<>(&QWidget::update));
  connect(model_, &TimelineModel::durationChanged, this, [this] { invalidate(); });
}

QRect TimelinePane::contentRect() const {
  return QRect(kGutterWidth, 0, std::max(1, width() - kGutterWidth), std::max(1, height() - 1));
}

QRect TimelinePane::gutterRect() const {
  return QRect(0, 0, kGutterWidth, height());
}

QString TimelinePane::describeAt(const QPoint& pos) const {
  if (!contentRect().contains(pos)) return QString();
  return tr("%1 s").arg(timeAtWidgetX(pos.x() + 0.5), 0, 'f', 3);
}

void TimelinePane::paintGutter(QPainter& painter, const QRect& gutter) {
  painter.setPen(palette().color(QPalette::WindowText));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.9);
  painter.setFont(f);
  painter.drawText(gutter.adjusted(6, 2, -4, -2), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, title());
}

void TimelinePane::fillContextMenu(QMenu& menu, const QPoint&) {
  QAction* zoom = menu.addAction(tr("Zoom to selection"));
  zoom->setEnabled(model_->hasSelection());
  connect(zoom, &QAction::triggered, this, [this] { model_->zoomToRange(model_->selectionExtent()); });
  QAction* fit = menu.addAction(tr("Zoom to fit"));
  connect(fit, &QAction::triggered, model_, &TimelineModel::zoomToFit);
  QAction* clear = menu.addAction(tr("Clear selection"));
  clear->setEnabled(model_->hasSelection());
  connect(clear, &QAction::triggered, model_, &TimelineModel::clearSelection);
}

void TimelinePane::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  const QRect content = contentRect();
  painter.fillRect(rect(), palette().color(QPalette::Base));
  painter.save();
  painter.setClipRect(content);
  paintContent(painter, content);
  paintOverlays(painter, content);
  painter.restore();
  const QRect gutter = gutterRect();
  painter.fillRect(gutter, palette().color(QPalette::AlternateBase));
  paintGutter(painter, gutter);
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawLine(gutter.right(), 0, gutter.right(), height());
  painter.drawLine(0, height() - 1, width(), height() - 1);
}

void TimelinePane::paintOverlays(QPainter& painter, const QRect& content) {
  const double left = model_->startTime(), right = model_->endTime();
  for (const auto& r : model_->selection()) {
    if (r.end_s < left || r.start_s > right) continue;
    const double x0 = widgetXAtTime(r.start_s), x1 = widgetXAtTime(r.end_s);
    const QRectF band(x0, content.top(), std::max(1.0, x1 - x0), content.height());
    painter.fillRect(band, QColor(30, 120, 255, 48));
    painter.setPen(QColor(30, 120, 255, 160));
    painter.drawLine(QPointF(x0, content.top()), QPointF(x0, content.bottom()));
    painter.drawLine(QPointF(x1, content.top()), QPointF(x1, content.bottom()));
  }
  const double cursor = model_->cursor();
  if (cursor >= left && cursor <= right) {
    painter.setPen(QPen(QColor(214, 39, 40), 1));
    const double x = std::floor(widgetXAtTime(cursor)) + 0.5;
    painter.drawLine(QPointF(x, content.top()), QPointF(x, content.bottom()));
  }
  const double play = model_->playPosition();
  if (play >= 0.0 && play >= left && play <= right) {
    painter.setPen(QPen(QColor(44, 160, 44), 2));
    const double x = widgetXAtTime(play);
    painter.drawLine(QPointF(x, content.top()), QPointF(x, content.bottom()));
  }
}

void TimelinePane::paintPadding(QPainter& painter, const QRect& content, double audio_end_s) {
  const double x = widgetXAtTime(audio_end_s);
  if (x >= content.right()) return;
  const QRectF pad(std::max<double>(x, content.left()), content.top(),
                   content.right() - std::max<double>(x, content.left()) + 1, content.height());
  painter.fillRect(pad, QBrush(QColor(120, 120, 120, 60), Qt::BDiagPattern));
}

void TimelinePane::mousePressEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (!contentRect().contains(pos)) return;
  if (event->button() == Qt::MiddleButton) {
    drag_ = Drag::kPan;
    drag_last_x_ = event->position().x();
    setCursor(Qt::ClosedHandCursor);
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  const double t = timeAtWidgetX(event->position().x());
  drag_ = Drag::kSelect;
  selection_before_drag_ = model_->selection();
  if (event->modifiers() & Qt::ShiftModifier && model_->hasSelection()) {
    // Extend: anchor at the far end of the nearest range.
    const TimeRange ext = model_->selectionExtent();
    drag_anchor_time_ = std::abs(t - ext.start_s) < std::abs(t - ext.end_s) ? ext.end_s : ext.start_s;
    selection_before_drag_.clear();
  } else {
    drag_anchor_time_ = t;
    if (!(event->modifiers() & Qt::ControlModifier)) selection_before_drag_.clear();
  }
  drag_last_x_ = event->position().x();
  model_->setCursor(t);
}

void TimelinePane::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (drag_ == Drag::kPan) {
    model_->panByPixels(drag_last_x_ - event->position().x());
    drag_last_x_ = event->position().x();
  } else if (drag_ == Drag::kSelect) {
    const double t = timeAtWidgetX(event->position().x());
    auto ranges = selection_before_drag_;
    ranges.push_back({std::min(drag_anchor_time_, t), std::max(drag_anchor_time_, t)});
    model_->setSelection(ranges);
  }
  QString text = describeAt(pos);
  if (!text.isEmpty()) {
    const QString context = hoverContext(timeAtWidgetX(pos.x() + 0.5));
    if (!context.isEmpty()) text += QStringLiteral("   ") + context;
  }
  emit hoverChanged(text);
}

void TimelinePane::mouseReleaseEvent(QMouseEvent* event) {
  if (drag_ == Drag::kSelect) {
    const double moved = std::abs(event->position().x() - drag_last_x_);
    if (moved < 3.0 && !(event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)))
      model_->clearSelection();
  }
  if (drag_ == Drag::kPan) unsetCursor();
  drag_ = Drag::kNone;
}

void TimelinePane::wheelEvent(QWheelEvent* event) {
  const QPoint angle = event->angleDelta();
  const double x = event->position().x() - contentRect().left();
  if (angle.x() != 0 || (event->modifiers() & Qt::ShiftModifier)) {
    const int delta = angle.x() != 0 ? angle.x() : angle.y();
    model_->panByPixels(-delta / 120.0 * model_->viewWidth() / 10.0);
  } else if (angle.y() != 0) {
    model_->zoomBy(angle.y() > 0 ? -1 : 1, x);
  }
  event->accept();
}

void TimelinePane::leaveEvent(QEvent*) {
  emit hoverChanged(QString());
}

void TimelinePane::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  fillContextMenu(menu, event->pos());
  if (!menu.isEmpty()) menu.exec(event->globalPos());
}

}  // namespace steerscope::views
