#include "views/timeline_model.h"

#include <algorithm>
#include <cmath>

namespace steerscope::views {

double TimelineModel::secondsPerPixelAt(int level) {
  return std::exp2(level / 4.0) / 16000.0;
}

TimelineModel::TimelineModel(QObject* parent) : QObject(parent) {
  spp_ = secondsPerPixelAt(level_);
}

void TimelineModel::setDuration(double seconds) {
  seconds = std::max(0.0, seconds);
  if (seconds == duration_) return;
  duration_ = seconds;
  first_column_ = clampColumn(first_column_);
  cursor_ = std::clamp(cursor_, 0.0, duration_);
  std::vector<TimeRange> kept = selection_;
  setSelection(kept);
  emit durationChanged(duration_);
  emit viewChanged();
}

void TimelineModel::setViewWidth(int pixels) {
  pixels = std::max(1, pixels);
  if (pixels == width_) return;
  width_ = pixels;
  first_column_ = clampColumn(first_column_);
  emit viewChanged();
}

int64_t TimelineModel::maxFirstColumn() const {
  const int64_t content = int64_t(std::ceil(duration_ / spp_));
  return std::max<int64_t>(0, content - width_);
}

int64_t TimelineModel::clampColumn(int64_t column) const {
  return std::clamp<int64_t>(column, 0, maxFirstColumn());
}

void TimelineModel::setLevel(int level, double anchor_time, double anchor_x) {
  level = std::clamp(level, kMinLevel, kMaxLevel);
  if (level == level_) return;
  level_ = level;
  spp_ = secondsPerPixelAt(level_);
  first_column_ = clampColumn(int64_t(std::llround(anchor_time / spp_ - anchor_x)));
  emit viewChanged();
}

void TimelineModel::setLevel(int level) {
  setLevel(level, timeAtX(width_ / 2.0), width_ / 2.0);
}

void TimelineModel::zoomBy(int steps, double anchor_x) {
  setLevel(level_ + steps, timeAtX(anchor_x), anchor_x);
}

void TimelineModel::zoomToRange(const TimeRange& range) {
  const double length = std::max(range.length(), 1e-6);
  int level = kMinLevel;
  while (level < kMaxLevel && secondsPerPixelAt(level) * width_ < length) ++level;
  level_ = level;
  spp_ = secondsPerPixelAt(level_);
  first_column_ =
      clampColumn(int64_t(std::llround((range.start_s + range.end_s) / 2.0 / spp_ - width_ / 2.0)));
  emit viewChanged();
}

void TimelineModel::setFirstColumn(int64_t column) {
  column = clampColumn(column);
  if (column == first_column_) return;
  first_column_ = column;
  emit viewChanged();
}

void TimelineModel::centreOn(double t) {
  setFirstColumn(int64_t(std::llround(t / spp_ - width_ / 2.0)));
}

void TimelineModel::setCursor(double t) {
  t = std::clamp(t, 0.0, duration_);
  if (t == cursor_) return;
  cursor_ = t;
  emit cursorChanged(cursor_);
}

void TimelineModel::setSelection(std::vector<TimeRange> ranges) {
  for (auto& r : ranges) {
    if (r.end_s < r.start_s) std::swap(r.start_s, r.end_s);
    r.start_s = std::clamp(r.start_s, 0.0, duration_);
    r.end_s = std::clamp(r.end_s, 0.0, duration_);
  }
  ranges.erase(
      std::remove_if(ranges.begin(), ranges.end(), [](const TimeRange& r) { return r.length() <= 0.0; }),
      ranges.end());
  std::sort(ranges.begin(), ranges.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.start_s < b.start_s; });
  std::vector<TimeRange> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.start_s <= merged.back().end_s) {
      merged.back().end_s = std::max(merged.back().end_s, r.end_s);
    } else {
      merged.push_back(r);
    }
  }
  if (merged == selection_) return;
  selection_ = std::move(merged);
  emit selectionChanged();
}

void TimelineModel::addToSelection(const TimeRange& range) {
  auto ranges = selection_;
  ranges.push_back(range);
  setSelection(std::move(ranges));
}

TimeRange TimelineModel::selectionExtent() const {
  if (selection_.empty()) return {};
  return {selection_.front().start_s, selection_.back().end_s};
}

double TimelineModel::selectedSeconds() const {
  double total = 0.0;
  for (const auto& r : selection_) total += r.length();
  return total;
}

void TimelineModel::setPlayPosition(double t) {
  if (t == play_position_) return;
  play_position_ = t;
  if (t >= 0.0) {
    // Follow modes move the view, never the cursor.
    if (follow_ == PlaybackFollow::kCentre) {
      centreOn(t);
    } else if (follow_ == PlaybackFollow::kPage && (t < startTime() || t >= endTime())) {
      setFirstColumn(int64_t(std::floor(t / spp_)));
    }
  }
  emit playPositionChanged(t);
}

void TimelineModel::setFollow(PlaybackFollow follow) {
  if (follow == follow_) return;
  follow_ = follow;
  emit followChanged(follow_);
}

}  // namespace steerscope::views
