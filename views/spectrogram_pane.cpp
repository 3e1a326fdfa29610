#include "views/spectrogram_pane.h"

#include <QPainter>
#include <QResizeEvent>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/audio/mel_filter_bank.h"

namespace steerscope::views {

namespace {

// How a pixel row reads the bins of a column: the maximum over [lo, hi] when the row spans several
// bins, otherwise linear interpolation between lo and lo + 1 at frac.
struct RowMap {
  int lo = 0;
  int hi = 0;
  float frac = 0.0f;
  bool span = false;
};

// Where the bins of the shown data sit on the frequency axis.
struct BinAxis {
  bool mel = false;  // log-mel rows (Slaney mel filters from 0 Hz to max_hz) or FFT bins
  int bins = 0;
  double bin_hz = 1.0;    // FFT: Hz per bin
  double mel_lo = 0.0;    // mel: mel of 0 Hz
  double mel_step = 1.0;  // mel: spacing of the filter centres
  double binAt(double hz) const {
    if (!mel) return hz / bin_hz;
    return (MelFilterBank::hz_to_mel(hz) - mel_lo) / mel_step - 1.0;
  }
  double hzOf(int bin) const {
    return mel ? MelFilterBank::mel_to_hz(mel_lo + (bin + 1) * mel_step) : bin * bin_hz;
  }
};

std::vector<RowMap> rowMaps(const FrequencyScale& scale, const BinAxis& axis) {
  std::vector<RowMap> rows(size_t(scale.height()));
  for (int y = 0; y < scale.height(); ++y) {
    RowMap r;
    const double top = axis.binAt(scale.hzAt(y)), bottom = axis.binAt(scale.hzAt(y + 1));
    const int lo = int(std::ceil(bottom)), hi = int(std::floor(top));
    if (hi > lo) {
      r.span = true;
      r.lo = std::clamp(lo, 0, axis.bins - 1);
      r.hi = std::clamp(hi, 0, axis.bins - 1);
    } else {
      const double c = std::clamp(axis.binAt(scale.rowCentreHz(y)), 0.0, double(axis.bins - 1));
      r.lo = std::min(int(c), std::max(0, axis.bins - 2));
      r.frac = float(c - r.lo);
      if (axis.bins == 1) r.frac = 0.0f;
    }
    rows[size_t(y)] = r;
  }
  return rows;
}

// Frames whose centres lie in [t0, t1), frame f centred at (f + offset) / rate: [first, last). When
// none do, the frame nearest to the middle of the range.
void framesInColumn(double t0, double t1, double rate, double offset, int64_t& first, int64_t& last) {
  first = int64_t(std::ceil(t0 * rate - offset));
  last = int64_t(std::ceil(t1 * rate - offset));
  if (last <= first) {
    first = int64_t(std::llround((t0 + t1) / 2.0 * rate - offset));
    last = first + 1;
  }
}

// Everything a tile render reads, shared immutably with the worker threads.
struct RenderState {
  TimelineContentPtr content;
  std::shared_ptr<const Spectrogram> spectrogram;  // audio source
  bool log_mel = false;
  BinAxis axis;
  std::vector<RowMap> rows;
  double lo_db = -90.0, hi_db = 0.0;
  const ColourMap* colours = nullptr;
  QRgb background = 0;
};

QImage renderTile(const RenderState& s, int level, int64_t first_column, int columns) {
  const int height = int(s.rows.size());
  QImage image(columns, height, QImage::Format_RGB32);
  image.fill(s.background);
  const double spp = TimelineModel::secondsPerPixelAt(level);
  const UtteranceRecord& rec = s.content->record;
  const double rate = s.log_mel ? rec.log_mel_frame_rate_hz : s.spectrogram->frame_rate_hz();
  const double offset = s.log_mel ? 0.5 : 0.0;
  const int64_t frames =
      s.log_mel ? rec.log_mel.cols : s.spectrogram->frame_count(s.content->audio->samples.size());
  const int bins = s.axis.bins;
  std::vector<float> frame(static_cast<size_t>(bins)), column(static_cast<size_t>(bins));
  int64_t cached_frame = -1;
  const double scale = 1.0 / std::max(1e-9, s.hi_db - s.lo_db);
  auto load = [&](int64_t f) {
    if (f == cached_frame) return;
    cached_frame = f;
    if (s.log_mel) {
      for (int b = 0; b < bins; ++b) frame[size_t(b)] = 40.0f * rec.log_mel.at(b, f) - 40.0f;
    } else {
      const auto& a = *s.content->audio;
      s.spectrogram->frame_db(a.samples.data(), a.samples.size(), f, frame.data());
    }
  };
  for (int x = 0; x < columns; ++x) {
    const int64_t c = first_column + x;
    const double t0 = double(c) * spp, t1 = t0 + spp;
    int64_t f0, f1;
    framesInColumn(t0, t1, rate, offset, f0, f1);
    f0 = std::max<int64_t>(f0, 0);
    f1 = std::min<int64_t>(f1, frames);
    if (f1 <= f0) continue;
    const int64_t n = f1 - f0;
    const int take = int(std::min<int64_t>(n, 4));
    for (int k = 0; k < take; ++k) {
      const int64_t f = take == 1 ? f0 : f0 + (n - 1) * k / (take - 1);
      load(f);
      if (k == 0) {
        column = frame;
      } else {
        for (int b = 0; b < bins; ++b) column[size_t(b)] = std::max(column[size_t(b)], frame[size_t(b)]);
      }
    }
    for (int y = 0; y < height; ++y) {
      const RowMap& r = s.rows[size_t(y)];
      float v;
      if (r.span) {
        v = column[size_t(r.lo)];
        for (int b = r.lo + 1; b <= r.hi; ++b) v = std::max(v, column[size_t(b)]);
      } else {
        const int hi = std::min(r.lo + 1, bins - 1);
        v = column[size_t(r.lo)] * (1.0f - r.frac) + column[size_t(hi)] * r.frac;
      }
      reinterpret_cast<QRgb*>(image.scanLine(y))[x] = s.colours->at((v - s.lo_db) * scale);
    }
  }
  return image;
}

}  // namespace

SpectrogramPane::SpectrogramPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setMinimumHeight(60);
  connect(&renderer_, &AsyncTileRenderer::tileReady, this, qOverload<>(&QWidget::update));
}

void SpectrogramPane::setContent(TimelineContentPtr content) {
  content_ = std::move(content);
  log_mel_max_db_ = 0.0;
  if (content_ && content_->record.log_mel.cols > 0) {
    float m = -std::numeric_limits<float>::infinity();
    for (float v : content_->record.log_mel.values) m = std::max(m, v);
    log_mel_max_db_ = 40.0 * m - 40.0;
  }
  rebuildRenderer();
  update();
}

void SpectrogramPane::setSettings(const SpectrogramSettings& settings) {
  const bool new_transform = !spectrogram_ || settings.window_size != settings_.window_size ||
                             settings.hop != settings_.hop || settings.window != settings_.window;
  if (new_transform) {
    SpectrogramConfig c;
    c.window_size = settings.window_size;
    c.hop = settings.hop;
    c.window = settings.window;
    c.sample_rate = 16000;
    spectrogram_ = std::make_shared<const Spectrogram>(c);  // throws on invalid settings
  }
  settings_ = settings;
  rebuildRenderer();
  update();
}

bool SpectrogramPane::hasData() const {
  if (!content_) return false;
  if (settings_.source == SpectrogramSource::kEncoderLogMel) return content_->record.log_mel.cols > 0;
  return content_->audio != nullptr;
}

QString SpectrogramPane::title() const {
  return settings_.source == SpectrogramSource::kEncoderLogMel ? tr("Log-mel (encoder input)")
                                                               : tr("Spectrogram");
}

FrequencyScale SpectrogramPane::scale() const {
  return FrequencyScale(settings_.axis, settings_.min_hz, settings_.max_hz, contentRect().height());
}

void SpectrogramPane::invalidate() {
  rebuildRenderer();
  update();
}

void SpectrogramPane::resizeEvent(QResizeEvent* event) {
  TimelinePane::resizeEvent(event);
  if (contentRect().height() != rendered_height_) rebuildRenderer();
}

void SpectrogramPane::rebuildRenderer() {
  if (!spectrogram_) setSettings(settings_);
  rendered_height_ = contentRect().height();
  if (!hasData()) {
    renderer_.setRenderer(nullptr);
    return;
  }
  auto state = std::make_shared<RenderState>();
  state->content = content_;
  state->spectrogram = spectrogram_;
  state->log_mel = settings_.source == SpectrogramSource::kEncoderLogMel;
  if (state->log_mel) {
    const int n_mels = int(content_->record.log_mel.rows);
    state->axis.mel = true;
    state->axis.bins = n_mels;
    state->axis.mel_lo = MelFilterBank::hz_to_mel(0.0);
    // Whisper's filters span 0 Hz to the Nyquist frequency of 16 kHz audio.
    state->axis.mel_step = (MelFilterBank::hz_to_mel(8000.0) - state->axis.mel_lo) / (n_mels + 1);
    state->lo_db = log_mel_max_db_ + settings_.floor_db;
    state->hi_db = log_mel_max_db_ + settings_.ceiling_db;
  } else {
    state->axis.bins = spectrogram_->bins();
    state->axis.bin_hz = spectrogram_->bin_frequency_hz(1.0);
    state->lo_db = settings_.floor_db;
    state->hi_db = settings_.ceiling_db;
  }
  state->rows = rowMaps(scale(), state->axis);
  state->colours = &ColourMap::get(settings_.colour_map);
  state->background = palette().color(QPalette::Base).rgb();
  renderer_.setRenderer(
      [state](int level, int64_t first, int columns) { return renderTile(*state, level, first, columns); });
}

void SpectrogramPane::paintContent(QPainter& painter, const QRect& content) {
  renderer_.paint(painter, content, *timeline(), palette().color(QPalette::Base));
  if (!hasData()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(
        content, Qt::AlignCenter,
        settings_.source == SpectrogramSource::kEncoderLogMel
            ? tr("This recording stores no log-mel for the utterance")
            : tr("Source audio not available: choose the log-mel source to see what the encoder saw"));
    return;
  }
  if (content_) paintPadding(painter, content, content_->duration(false));
}

void SpectrogramPane::paintGutter(QPainter& painter, const QRect& gutter) {
  TimelinePane::paintGutter(painter, gutter);
  if (!hasData()) return;
  const FrequencyScale fs = scale();
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.8);
  painter.setFont(f);
  painter.setPen(palette().color(QPalette::WindowText));
  std::vector<double> ticks;
  if (settings_.axis == FrequencyAxis::kLinear) {
    const double range = fs.maxHz() - fs.minHz();
    const double step = range > 6000 ? 2000 : range > 3000 ? 1000 : 500;
    for (double hz = std::ceil(fs.minHz() / step) * step; hz <= fs.maxHz(); hz += step) ticks.push_back(hz);
  } else {
    for (double hz : {50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0})
      if (hz >= fs.minHz() && hz <= fs.maxHz()) ticks.push_back(hz);
  }
  const int text_top = 30;  // below the title
  double last_y = -1e9;
  // Ticks go from high to low rows; a label too close to the previous one is left out.
  std::sort(ticks.begin(), ticks.end());
  for (double hz : ticks) {
    const double y = fs.yAt(hz);
    if (y < text_top - 6 || y > fs.height() - 2) continue;
    if (std::abs(y - last_y) < 13.0) continue;
    last_y = y;
    painter.drawLine(QPointF(gutter.right() - 4, y), QPointF(gutter.right(), y));
    const QString label = hz >= 1000 ? tr("%1k").arg(hz / 1000.0, 0, 'g', 3) : QString::number(hz, 'f', 0);
    painter.drawText(QRectF(gutter.left(), y - 7, gutter.width() - 7, 14), Qt::AlignRight | Qt::AlignVCenter,
                     label);
  }
}

double SpectrogramPane::valueAt(double t, double hz) const {
  if (!hasData()) return std::numeric_limits<double>::quiet_NaN();
  if (settings_.source == SpectrogramSource::kEncoderLogMel) {
    const auto& mel = content_->record.log_mel;
    const int64_t f = int64_t(std::floor(t * content_->record.log_mel_frame_rate_hz));
    if (f < 0 || f >= mel.cols) return std::numeric_limits<double>::quiet_NaN();
    const double step =
        (MelFilterBank::hz_to_mel(8000.0) - MelFilterBank::hz_to_mel(0.0)) / double(mel.rows + 1);
    const int m = std::clamp(
        int(std::lround((MelFilterBank::hz_to_mel(hz) - MelFilterBank::hz_to_mel(0.0)) / step - 1.0)), 0,
        int(mel.rows) - 1);
    return 40.0 * mel.at(m, f) - 40.0;
  }
  const auto& a = *content_->audio;
  const int64_t f = int64_t(std::llround(t * spectrogram_->frame_rate_hz()));
  if (f < 0 || f >= spectrogram_->frame_count(a.samples.size()))
    return std::numeric_limits<double>::quiet_NaN();
  std::vector<float> frame(size_t(spectrogram_->bins()));
  spectrogram_->frame_db(a.samples.data(), a.samples.size(), f, frame.data());
  const int b =
      std::clamp(int(std::lround(hz / spectrogram_->bin_frequency_hz(1.0))), 0, spectrogram_->bins() - 1);
  return frame[size_t(b)];
}

QString SpectrogramPane::describeAt(const QPoint& pos) const {
  if (!contentRect().contains(pos)) return QString();
  const double t = timeAtWidgetX(pos.x() + 0.5);
  const double hz = scale().rowCentreHz(pos.y() - contentRect().top());
  const double v = valueAt(t, hz);
  QString text = tr("%1 s  %2 Hz (%3 mel)")
                     .arg(t, 0, 'f', 3)
                     .arg(hz, 0, 'f', 0)
                     .arg(MelFilterBank::hz_to_mel(hz), 0, 'f', 1);
  if (!std::isnan(v)) {
    text += settings_.source == SpectrogramSource::kEncoderLogMel
                ? tr("  %1 dB (%2 dB below the utterance's maximum)")
                      .arg(v, 0, 'f', 1)
                      .arg(log_mel_max_db_ - v, 0, 'f', 1)
                : tr("  %1 dBFS").arg(v, 0, 'f', 1);
  }
  return text;
}

bool SpectrogramPane::writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const {
  if (!hasData()) return false;
  if (settings_.source == SpectrogramSource::kEncoderLogMel) {
    const auto& mel = content_->record.log_mel;
    const double rate = content_->record.log_mel_frame_rate_hz;
    const int64_t f0 = std::max<int64_t>(0, int64_t(std::floor(range.start_s * rate)));
    const int64_t f1 = std::min<int64_t>(mel.cols, int64_t(std::ceil(range.end_s * rate)));
    const double step =
        (MelFilterBank::hz_to_mel(8000.0) - MelFilterBank::hz_to_mel(0.0)) / double(mel.rows + 1);
    QStringList centres;
    for (int64_t m = 0; m < mel.rows; ++m)
      centres << QString::number(
          MelFilterBank::mel_to_hz(MelFilterBank::hz_to_mel(0.0) + double(m + 1) * step), 'f', 1);
    preamble.write(
        out, QStringLiteral("encoder log-mel"),
        {QStringLiteral("the log-mel the encoder saw, as stored: (max(log10 P, window max - 8) + 4) / 4"),
         QStringLiteral("frame i covers [i / %1, (i + 1) / %1) s; %2 Slaney mel filters, centres in Hz: %3")
             .arg(rate)
             .arg(mel.rows)
             .arg(centres.join(QLatin1Char(' ')))});
    out << "frame,start_s,end_s";
    for (int64_t m = 0; m < mel.rows; ++m) out << ",mel_" << m;
    out << '\n';
    for (int64_t f = f0; f < f1; ++f) {
      out << f << ',' << QString::number(f / rate, 'f', 4) << ',' << QString::number((f + 1) / rate, 'f', 4);
      for (int64_t m = 0; m < mel.rows; ++m) out << ',' << QString::number(mel.at(m, f), 'g', 7);
      out << '\n';
    }
    return true;
  }
  const auto& a = *content_->audio;
  const double rate = spectrogram_->frame_rate_hz();
  const int64_t f0 = std::max<int64_t>(0, int64_t(std::ceil(range.start_s * rate)));
  const int64_t f1 =
      std::min<int64_t>(spectrogram_->frame_count(a.samples.size()), int64_t(std::ceil(range.end_s * rate)));
  preamble.write(
      out, QStringLiteral("spectrogram"),
      {QStringLiteral("power in dB relative to a full-scale sine: 20 log10(|X_k| / (sum(w) / 2))"),
       QStringLiteral("window %1 samples (%2), hop %3 samples at %4 Hz; frame i is centred on sample i * hop")
           .arg(settings_.window_size)
           .arg(QString::fromLatin1(spectrogram_window_name(settings_.window)))
           .arg(settings_.hop)
           .arg(a.sample_rate),
       QStringLiteral("column db_<f>Hz is FFT bin k at f = k * %1 / %2 Hz")
           .arg(a.sample_rate)
           .arg(settings_.window_size)});
  out << "frame,centre_s";
  for (int b = 0; b < spectrogram_->bins(); ++b)
    out << ",db_" << QString::number(spectrogram_->bin_frequency_hz(b), 'f', 2) << "Hz";
  out << '\n';
  std::vector<float> frame(size_t(spectrogram_->bins()));
  for (int64_t f = f0; f < f1; ++f) {
    spectrogram_->frame_db(a.samples.data(), a.samples.size(), f, frame.data());
    out << f << ',' << QString::number(spectrogram_->frame_centre_s(f), 'f', 5);
    for (float v : frame) out << ',' << QString::number(v, 'f', 2);
    out << '\n';
  }
  return true;
}

}  // namespace steerscope::views
