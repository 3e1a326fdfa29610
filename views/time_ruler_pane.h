#pragma once
// The time axis above the panes: ticks at 1-2-5 steps at least ~90 px apart, labelled in seconds (or
// h:mm:ss for long recordings), plus the visible range in the gutter.

#include "views/timeline_pane.h"

namespace steerscope::views {

class TimeRulerPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit TimeRulerPane(TimelineModel* model, QWidget* parent = nullptr);
  QString title() const override { return tr("Time"); }
  bool writeCsv(QTextStream&, const TimeRange&, const CsvPreamble&) const override { return false; }
  QSize sizeHint() const override { return {400, 26}; }

  // The tick step (seconds) for a zoom of spp seconds per pixel, and a label for time t at that step.
  static double tickStep(double seconds_per_pixel, int min_pixels = 90);
  static QString formatTime(double t, double step);

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;
  void paintGutter(QPainter& painter, const QRect& gutter) override;
};

}  // namespace steerscope::views
