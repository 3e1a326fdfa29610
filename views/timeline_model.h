#pragma once
// The one pan/zoom/cursor/selection state that every time-based pane follows (Sonic Visualiser's
// ViewManager, anchors.md C.1). Panes never keep their own view of time: they ask this model where
// column x is, and repaint when it says the view changed.
//
// Zoom is quantised to levels: level k shows 2^(k/4) / 16000 seconds per pixel, so level 0 is one
// 16 kHz sample per pixel and each step is a factor 2^(1/4) ≈ 1.19. Discrete levels are what lets
// panes cache rendered tiles per level (tile_cache.h). The view's left edge is an integer column at the
// current level: column c covers [c·spp, (c+1)·spp). Pixel x of a pane's content area (0 = left edge)
// is column firstColumn() + x.
//
// The selection is a set of disjoint time ranges (sorted, merged), because clicking a chart cell selects
// every stretch of frames that match it, not one interval.

#include <QObject>
#include <cmath>
#include <cstdint>
#include <vector>

namespace steerscope::views {

struct TimeRange {
  double start_s = 0.0;
  double end_s = 0.0;
  double length() const { return end_s - start_s; }
  bool contains(double t) const { return t >= start_s && t < end_s; }
  bool operator==(const TimeRange& o) const { return start_s == o.start_s && end_s == o.end_s; }
};

enum class PlaybackFollow {
  kNone,   // the view stays where it is
  kPage,   // when the play position leaves the view, the next page is shown
  kCentre  // the view scrolls continuously, the play position in the middle
};

class TimelineModel : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMinLevel = 0;
  static constexpr int kMaxLevel = 100;
  static double secondsPerPixelAt(int level);

  explicit TimelineModel(QObject* parent = nullptr);

  // Length of the content in seconds. Setting it keeps the zoom and clamps the view.
  double duration() const { return duration_; }
  void setDuration(double seconds);

  // Width in pixels of the panes' content areas (they share one column layout).
  int viewWidth() const { return width_; }
  void setViewWidth(int pixels);

  int level() const { return level_; }
  double secondsPerPixel() const { return spp_; }
  int64_t firstColumn() const { return first_column_; }
  double startTime() const { return double(first_column_) * spp_; }
  double endTime() const { return double(first_column_ + width_) * spp_; }
  TimeRange visibleRange() const { return {startTime(), endTime()}; }
  double timeAtX(double x) const { return (double(first_column_) + x) * spp_; }
  double xAtTime(double t) const { return t / spp_ - double(first_column_); }

  // Zooming keeps anchor_time under content pixel anchor_x.
  void setLevel(int level, double anchor_time, double anchor_x);
  void setLevel(int level);                 // anchored at the view's centre
  void zoomBy(int steps, double anchor_x);  // negative steps zoom in
  void zoomIn() { zoomBy(-2, width_ / 2.0); }
  void zoomOut() { zoomBy(2, width_ / 2.0); }
  // The finest level at which the range fits the view, then the range is centred.
  void zoomToRange(const TimeRange& range);
  void zoomToFit() { zoomToRange({0.0, duration_}); }

  void setFirstColumn(int64_t column);
  void setStartTime(double t) { setFirstColumn(int64_t(std::llround(t / spp_))); }
  void panByPixels(double dx) { setFirstColumn(first_column_ + int64_t(std::llround(dx))); }
  void panByPages(double pages) { panByPixels(pages * width_); }
  void centreOn(double t);
  // Scroll range for a scroll bar: columns [0, maxFirstColumn()].
  int64_t maxFirstColumn() const;

  double cursor() const { return cursor_; }
  void setCursor(double t);

  const std::vector<TimeRange>& selection() const { return selection_; }
  // Sorts, clips to [0, duration] and merges overlapping or touching ranges; empty ranges are dropped.
  void setSelection(std::vector<TimeRange> ranges);
  void addToSelection(const TimeRange& range);
  void clearSelection() { setSelection({}); }
  bool hasSelection() const { return !selection_.empty(); }
  // From the first range's start to the last range's end; {0,0} when nothing is selected.
  TimeRange selectionExtent() const;
  double selectedSeconds() const;

  // Negative when not playing.
  double playPosition() const { return play_position_; }
  void setPlayPosition(double t);
  PlaybackFollow follow() const { return follow_; }
  void setFollow(PlaybackFollow follow);

 signals:
  void viewChanged();
  void durationChanged(double seconds);
  void cursorChanged(double t);
  void selectionChanged();
  void playPositionChanged(double t);
  void followChanged(steerscope::views::PlaybackFollow follow);

 private:
  int64_t clampColumn(int64_t column) const;
  double duration_ = 0.0;
  int width_ = 1000;
  int level_ = 40;
  double spp_ = 0.0;
  int64_t first_column_ = 0;
  double cursor_ = 0.0;
  std::vector<TimeRange> selection_;
  double play_position_ = -1.0;
  PlaybackFollow follow_ = PlaybackFollow::kPage;
};

}  // namespace steerscope::views
