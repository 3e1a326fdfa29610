#pragma once
// The vertical axis of a spectrogram pane: maps pixel rows to frequencies and back, on a linear, a
// logarithmic or a mel scale. The mel scale is the Slaney scale of the Whisper front end
// (MelFilterBank::hz_to_mel), so that a spectrogram drawn on the mel axis lines up row for row with the
// stored log-mel the encoder saw ("what the encoder sees" preset).
//
// Rows: y = 0 is the top of the pane (max_hz), y = height is the bottom (min_hz); a row y covers
// [y, y + 1) and is sampled at its centre. The log scale cannot reach 0 Hz: its lower end is at least
// kMinLogHz.

#include <QString>

namespace steerscope::views {

enum class FrequencyAxis { kLinear, kLog, kMel };

QString frequencyAxisKey(FrequencyAxis axis);                              // "linear", "log", "mel"
FrequencyAxis parseFrequencyAxis(const QString& key, bool* ok = nullptr);  // linear when unknown

class FrequencyScale {
 public:
  static constexpr double kMinLogHz = 20.0;

  FrequencyScale(FrequencyAxis axis, double min_hz, double max_hz, int height);

  FrequencyAxis axis() const { return axis_; }
  double minHz() const { return min_hz_; }
  double maxHz() const { return max_hz_; }
  int height() const { return height_; }

  // Frequency at a (fractional) pixel position; y is clamped to [0, height].
  double hzAt(double y) const;
  // Pixel position of a frequency (fractional; outside [0, height] for frequencies out of range).
  double yAt(double hz) const;
  // The frequency at the centre of row y.
  double rowCentreHz(int y) const { return hzAt(y + 0.5); }

 private:
  double warp(double hz) const;
  double unwarp(double v) const;
  FrequencyAxis axis_;
  double min_hz_, max_hz_;
  int height_;
  double lo_, hi_;  // warped min_hz_ and max_hz_
};

}  // namespace steerscope::views
