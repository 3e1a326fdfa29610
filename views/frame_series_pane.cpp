#include "views/frame_series_pane.h"

#include <QPainter>
#include <cmath>

namespace steerscope::views {

FrameSeriesPane::FrameSeriesPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setMinimumHeight(36);
}

void FrameSeriesPane::setSeries(FrameSeries series) {
  series_ = std::move(series);
  lo_ = 0.0;
  hi_ = 0.0;
  for (float v : series_.values) {
    if (!std::isfinite(v)) continue;
    lo_ = std::min(lo_, double(v));
    hi_ = std::max(hi_, double(v));
  }
  if (hi_ <= lo_) hi_ = lo_ + 1.0;
  update();
}

void FrameSeriesPane::paintContent(QPainter& painter, const QRect& content) {
  if (series_.values.empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(content, Qt::AlignCenter, tr("No data"));
    return;
  }
  const double rate = series_.frame_rate_hz;
  const int64_t n = int64_t(series_.values.size());
  const double spp = timeline()->secondsPerPixel();
  auto y_of = [&](double v) { return content.bottom() - (v - lo_) / (hi_ - lo_) * (content.height() - 4); };
  QPolygonF mean_line;
  QVector<QLineF> bands;
  for (int x = 0; x < content.width(); ++x) {
    const double t0 = timeline()->timeAtX(x);
    int64_t f0 = int64_t(std::ceil(t0 * rate - 0.5)), f1 = int64_t(std::ceil((t0 + spp) * rate - 0.5));
    if (f1 <= f0) {
      f0 = int64_t(std::floor((t0 + spp / 2) * rate));
      f1 = f0 + 1;
    }
    f0 = std::max<int64_t>(0, f0);
    f1 = std::min(n, f1);
    if (f1 <= f0) continue;
    double lo = INFINITY, hi = -INFINITY, sum = 0.0;
    int64_t counted = 0;
    for (int64_t f = f0; f < f1; ++f) {
      const double v = series_.values[size_t(f)];
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
      ++counted;
    }
    if (counted == 0) continue;
    const double px = content.left() + x + 0.5;
    if (counted > 1) bands.append(QLineF(px, y_of(hi), px, y_of(lo)));
    mean_line << QPointF(px, y_of(sum / double(counted)));
  }
  painter.setPen(QColor(148, 103, 189, 90));
  painter.drawLines(bands);
  // A cosmetic one-pixel pen keeps the raster engine on its fast line path: a wider antialiased
  // polyline of a column per point costs ~100 ms at 1920 columns.
  QPen line(QColor(110, 64, 170));
  line.setCosmetic(true);
  line.setWidth(1);
  painter.setPen(line);
  painter.drawPolyline(mean_line);
  if (series_.valid_frames >= 0 && rate > 0)
    paintPadding(painter, content, double(series_.valid_frames) / rate);
}

void FrameSeriesPane::paintGutter(QPainter& painter, const QRect& gutter) {
  TimelinePane::paintGutter(painter, gutter);
  if (series_.values.empty()) return;
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.75);
  painter.setFont(f);
  const QRect content = contentRect();
  painter.drawText(QRectF(gutter.left(), content.top(), gutter.width() - 4, 12),
                   Qt::AlignRight | Qt::AlignTop, QString::number(hi_, 'g', 3));
  painter.drawText(QRectF(gutter.left(), content.bottom() - 12, gutter.width() - 4, 12),
                   Qt::AlignRight | Qt::AlignBottom, QString::number(lo_, 'g', 3));
}

QString FrameSeriesPane::describeAt(const QPoint& pos) const {
  if (!contentRect().contains(pos) || series_.values.empty()) return TimelinePane::describeAt(pos);
  const double t = timeAtWidgetX(pos.x() + 0.5);
  const int64_t f = int64_t(std::floor(t * series_.frame_rate_hz));
  if (f < 0 || f >= int64_t(series_.values.size())) return TimelinePane::describeAt(pos);
  return tr("%1 s  frame %2  %3 = %4 %5")
      .arg(t, 0, 'f', 3)
      .arg(f)
      .arg(series_.value_name)
      .arg(series_.values[size_t(f)], 0, 'g', 5)
      .arg(series_.unit);
}

bool FrameSeriesPane::writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const {
  if (series_.values.empty()) return false;
  const double rate = series_.frame_rate_hz;
  const int64_t f0 = std::max<int64_t>(0, int64_t(std::floor(range.start_s * rate)));
  const int64_t f1 =
      std::min<int64_t>(int64_t(series_.values.size()), int64_t(std::ceil(range.end_s * rate)));
  preamble.write(out, series_.value_name,
                 {series_.description, QStringLiteral("frame i covers [i / %1, (i + 1) / %1) s").arg(rate)});
  out << "frame,start_s,end_s," << series_.value_name << '\n';
  for (int64_t f = f0; f < f1; ++f)
    out << f << ',' << QString::number(f / rate, 'f', 4) << ',' << QString::number((f + 1) / rate, 'f', 4)
        << ',' << QString::number(series_.values[size_t(f)], 'g', 7) << '\n';
  return true;
}

}  // namespace steerscope::views
