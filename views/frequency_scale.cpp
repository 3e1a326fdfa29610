#include "views/frequency_scale.h"

#include <algorithm>
#include <cmath>

#include "core/audio/mel_filter_bank.h"

namespace steerscope::views {

QString frequencyAxisKey(FrequencyAxis axis) {
  switch (axis) {
    case FrequencyAxis::kLinear:
      return QStringLiteral("linear");
    case FrequencyAxis::kLog:
      return QStringLiteral("log");
    case FrequencyAxis::kMel:
      return QStringLiteral("mel");
  }
  return QStringLiteral("linear");
}

FrequencyAxis parseFrequencyAxis(const QString& key, bool* ok) {
  if (ok) *ok = true;
  if (key == QLatin1String("linear")) return FrequencyAxis::kLinear;
  if (key == QLatin1String("log")) return FrequencyAxis::kLog;
  if (key == QLatin1String("mel")) return FrequencyAxis::kMel;
  if (ok) *ok = false;
  return FrequencyAxis::kLinear;
}

FrequencyScale::FrequencyScale(FrequencyAxis axis, double min_hz, double max_hz, int height)
    : axis_(axis), height_(std::max(1, height)) {
  min_hz_ = std::max(0.0, min_hz);
  if (axis_ == FrequencyAxis::kLog) min_hz_ = std::max(min_hz_, kMinLogHz);
  max_hz_ = std::max(max_hz, min_hz_ + 1.0);
  lo_ = warp(min_hz_);
  hi_ = warp(max_hz_);
}

double FrequencyScale::warp(double hz) const {
  switch (axis_) {
    case FrequencyAxis::kLinear:
      return hz;
    case FrequencyAxis::kLog:
      return std::log(std::max(hz, 1e-9));
    case FrequencyAxis::kMel:
      return MelFilterBank::hz_to_mel(hz);
  }
  return hz;
}

double FrequencyScale::unwarp(double v) const {
  switch (axis_) {
    case FrequencyAxis::kLinear:
      return v;
    case FrequencyAxis::kLog:
      return std::exp(v);
    case FrequencyAxis::kMel:
      return MelFilterBank::mel_to_hz(v);
  }
  return v;
}

double FrequencyScale::hzAt(double y) const {
  const double u = 1.0 - std::clamp(y, 0.0, double(height_)) / height_;  // 0 at the bottom
  return unwarp(lo_ + u * (hi_ - lo_));
}

double FrequencyScale::yAt(double hz) const {
  const double u = (warp(hz) - lo_) / (hi_ - lo_);
  return (1.0 - u) * height_;
}

}  // namespace steerscope::views
