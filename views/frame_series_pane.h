#pragma once
// A value per frame plotted over time: the steering strength ||scale_l · p · V_l|| of a layer, or the
// per-frame Jensen-Shannon divergence between two checkpoints' routers. A column spanning several frames
// shows their range (light band) and mean (line). The vertical axis runs from 0 (or the minimum, if
// negative) to the maximum over the whole series, so panning does not rescale it.

#include <vector>

#include "views/timeline_pane.h"

namespace steerscope::views {

struct FrameSeries {
  QString title;        // translated pane title
  QString value_name;   // CSV column and readout name, e.g. "js_divergence_bits"
  QString unit;         // shown in readouts ("bits", "")
  QString description;  // CSV preamble line saying what the value is
  std::vector<float> values;
  double frame_rate_hz = 50.0;
  int64_t valid_frames = -1;  // frames covering audio; -1 = all
};

class FrameSeriesPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit FrameSeriesPane(TimelineModel* model, QWidget* parent = nullptr);
  void setSeries(FrameSeries series);
  const FrameSeries& series() const { return series_; }
  bool hasData() const { return !series_.values.empty(); }

  QString title() const override { return series_.title; }
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 60}; }

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;
  void paintGutter(QPainter& painter, const QRect& gutter) override;

 private:
  FrameSeries series_;
  double lo_ = 0.0, hi_ = 1.0;
};

}  // namespace steerscope::views
