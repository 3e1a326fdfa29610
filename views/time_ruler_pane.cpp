#include "views/time_ruler_pane.h"

#include <QPainter>
#include <cmath>

namespace steerscope::views {

TimeRulerPane::TimeRulerPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setFixedHeight(26);
}

double TimeRulerPane::tickStep(double spp, int min_pixels) {
  const double min_step = spp * min_pixels;
  double step = std::pow(10.0, std::floor(std::log10(min_step)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (step * m >= min_step) return step * m;
  }
  return step * 10.0;
}

QString TimeRulerPane::formatTime(double t, double step) {
  if (step >= 1.0 && t >= 60.0) {
    const long long s = std::llround(t);
    const long long h = s / 3600, m = (s / 60) % 60, sec = s % 60;
    return h > 0 ? QStringLiteral("%1:%2:%3")
                       .arg(h)
                       .arg(m, 2, 10, QLatin1Char('0'))
                       .arg(sec, 2, 10, QLatin1Char('0'))
                 : QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
  }
  const int decimals = step >= 1.0 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
  return QString::number(t, 'f', decimals);
}

void TimeRulerPane::paintContent(QPainter& painter, const QRect& content) {
  const TimelineModel* m = timeline();
  const double step = tickStep(m->secondsPerPixel());
  const double minor = step / 5.0;
  painter.setPen(palette().color(QPalette::Mid));
  QVector<QLineF> ticks;
  const int64_t k0 = int64_t(std::floor(m->startTime() / minor)),
                k1 = int64_t(std::ceil(m->endTime() / minor));
  for (int64_t k = k0; k <= k1; ++k) {
    const double x = widgetXAtTime(double(k) * minor);
    ticks.append(QLineF(x, content.bottom() - 4, x, content.bottom()));
  }
  painter.drawLines(ticks);
  painter.setPen(palette().color(QPalette::WindowText));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  painter.setFont(f);
  for (int64_t k = int64_t(std::floor(m->startTime() / step)); double(k) * step <= m->endTime() + step; ++k) {
    const double t = double(k) * step;  // multiples, not sums: no drift in the labels
    if (t < -1e-9) continue;
    const double x = widgetXAtTime(t);
    painter.drawLine(QPointF(x, content.bottom() - 9), QPointF(x, content.bottom()));
    painter.drawText(QPointF(x + 3, content.top() + 12), formatTime(std::abs(t) < 1e-9 ? 0.0 : t, step));
  }
  if (m->duration() > 0 && m->endTime() > m->duration()) paintPadding(painter, content, m->duration());
}

void TimeRulerPane::paintGutter(QPainter& painter, const QRect& gutter) {
  painter.setPen(palette().color(QPalette::WindowText));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  painter.setFont(f);
  painter.drawText(gutter.adjusted(6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, tr("time (s)"));
}

}  // namespace steerscope::views
