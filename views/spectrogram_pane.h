#pragma once
// The spectrogram pane: the source audio's display spectrogram, or the stored log-mel the encoder saw
// (spectrogram_settings.h), on a linear, log or mel frequency axis, rendered in tiles off the GUI thread
// (async_tile_renderer.h).
//
// Column rule: a pixel column shows the frames whose centres fall inside it; when it holds more than
// four, four evenly spaced ones are taken and each bin shows their maximum (a zoomed-out view keeps
// short bursts visible, as Sonic Visualiser's peak display does); a column inside one frame shows the
// frame whose centre is nearest. Row rule: a row spanning several bins shows their maximum; a row
// narrower than a bin interpolates linearly (in dB) between the two nearest bins.

#include <memory>

#include "views/async_tile_renderer.h"
#include "views/spectrogram_settings.h"
#include "views/timeline_content.h"
#include "views/timeline_pane.h"

namespace steerscope::views {

class SpectrogramPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit SpectrogramPane(TimelineModel* model, QWidget* parent = nullptr);

  void setContent(TimelineContentPtr content);
  // Throws steerscope::Error for invalid window settings (the panel validates first).
  void setSettings(const SpectrogramSettings& settings);
  const SpectrogramSettings& settings() const { return settings_; }
  // False when the chosen source has no data (no audio / no stored log-mel).
  bool hasData() const;
  AsyncTileRenderer& renderer() { return renderer_; }

  QString title() const override;
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 180}; }

  // The value (dB) shown for time t and frequency hz, from the exact frame and bin nearest to them;
  // NaN without data. Used by the hover readout and the tests.
  double valueAt(double t, double hz) const;

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;
  void paintGutter(QPainter& painter, const QRect& gutter) override;
  void resizeEvent(QResizeEvent* event) override;
  void invalidate() override;

 private:
  void rebuildRenderer();
  FrequencyScale scale() const;
  double logMelMaxDb() const { return log_mel_max_db_; }

  TimelineContentPtr content_;
  SpectrogramSettings settings_;
  std::shared_ptr<const Spectrogram> spectrogram_;
  double log_mel_max_db_ = 0.0;
  AsyncTileRenderer renderer_;
  int rendered_height_ = -1;
};

}  // namespace steerscope::views
