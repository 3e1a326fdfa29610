#include "views/waveform_pane.h"

#include <QPainter>
#include <cmath>

namespace steerscope::views {

WaveformPane::WaveformPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setMinimumHeight(40);
}

void WaveformPane::setAudio(std::shared_ptr<const SourceAudio> audio) {
  audio_ = std::move(audio);
  update();
}

SampleExtremes WaveformPane::columnExtremes(int x) const {
  if (!audio_) return {};
  const double rate = audio_->sample_rate;
  const int64_t s0 = int64_t(std::floor(timeline()->timeAtX(x) * rate));
  const int64_t s1 = std::max(s0 + 1, int64_t(std::floor(timeline()->timeAtX(x + 1) * rate)));
  return audio_->summary.extremes(audio_->samples.data(), audio_->samples.size(), s0, s1);
}

void WaveformPane::paintContent(QPainter& painter, const QRect& content) {
  const double mid = content.top() + content.height() / 2.0;
  const double half = content.height() / 2.0 - 2.0;
  painter.setPen(palette().color(QPalette::Midlight));
  painter.drawLine(QPointF(content.left(), mid), QPointF(content.right(), mid));
  if (!audio_) return;
  const double rate = audio_->sample_rate;
  const double spp = timeline()->secondsPerPixel();
  painter.setPen(QColor(52, 101, 164));
  if (spp * rate < 2.0) {
    // Zoomed in past one sample per column: join the samples.
    QPolygonF line;
    const int64_t s0 = std::max<int64_t>(0, int64_t(std::floor(timeline()->startTime() * rate)) - 1);
    const int64_t s1 = std::min<int64_t>(int64_t(audio_->samples.size()),
                                         int64_t(std::ceil(timeline()->endTime() * rate)) + 2);
    for (int64_t s = s0; s < s1; ++s)
      line << QPointF(widgetXAtTime(double(s) / rate), mid - audio_->samples[size_t(s)] * half);
    QPen pen(QColor(52, 101, 164));
    pen.setCosmetic(true);
    painter.setPen(pen);
    painter.drawPolyline(line);
    return;
  }
  const double end_x = timeline()->xAtTime(audio_->durationSeconds());
  const int columns = std::min<int>(content.width(), int(std::ceil(end_x)));
  QVector<QLineF> lines;
  lines.reserve(std::max(0, columns));
  for (int x = 0; x < columns; ++x) {
    const SampleExtremes e = columnExtremes(x);
    const double px = content.left() + x + 0.5;
    lines.append(QLineF(px, mid - e.max * half, px, mid - e.min * half + 0.01));
  }
  painter.drawLines(lines);
}

QString WaveformPane::describeAt(const QPoint& pos) const {
  if (!contentRect().contains(pos)) return QString();
  const double t = timeAtWidgetX(pos.x() + 0.5);
  if (!audio_) return tr("%1 s").arg(t, 0, 'f', 3);
  const SampleExtremes e = columnExtremes(pos.x() - contentRect().left());
  const double peak = std::max(std::abs(e.min), std::abs(e.max));
  return tr("%1 s  amplitude %2 … %3  (peak %4 dBFS)")
      .arg(t, 0, 'f', 3)
      .arg(e.min, 0, 'f', 4)
      .arg(e.max, 0, 'f', 4)
      .arg(peak > 0 ? 20.0 * std::log10(peak) : -INFINITY, 0, 'f', 1);
}

bool WaveformPane::writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const {
  if (!audio_) return false;
  const double rate = audio_->sample_rate;
  const int64_t s0 = std::max<int64_t>(0, int64_t(std::ceil(range.start_s * rate)));
  const int64_t s1 =
      std::min<int64_t>(int64_t(audio_->samples.size()), int64_t(std::ceil(range.end_s * rate)));
  preamble.write(
      out, QStringLiteral("waveform"),
      {QStringLiteral("audio: %1, mono, %2 Hz")
           .arg(QString::fromStdString(audio_->path))
           .arg(audio_->sample_rate),
       QStringLiteral(
           "one row per sample; time_s = sample / sample_rate; amplitude in [-1, 1] (full scale)")});
  out << "sample,time_s,amplitude\n";
  for (int64_t s = s0; s < s1; ++s)
    out << s << ',' << QString::number(double(s) / rate, 'f', 6) << ','
        << QString::number(audio_->samples[size_t(s)], 'g', 7) << '\n';
  return true;
}

}  // namespace steerscope::views
