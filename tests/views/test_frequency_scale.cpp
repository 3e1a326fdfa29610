// The spectrogram's frequency axes: rows map to frequencies and back exactly, the ends are the range,
// the mel axis is Whisper's Slaney scale, and the log axis starts above 0 Hz.
#include "views/frequency_scale.h"

#include <gtest/gtest.h>

#include "core/audio/mel_filter_bank.h"

using namespace steerscope::views;

TEST(FrequencyScale, RowsAndFrequenciesRoundTripOnEveryAxis) {
  for (auto axis : {FrequencyAxis::kLinear, FrequencyAxis::kLog, FrequencyAxis::kMel}) {
    FrequencyScale s(axis, 50.0, 8000.0, 300);
    EXPECT_NEAR(s.hzAt(0), 8000.0, 1e-6);
    EXPECT_NEAR(s.hzAt(300), 50.0, 1e-6);
    for (double y : {0.5, 17.0, 150.25, 299.0}) EXPECT_NEAR(s.yAt(s.hzAt(y)), y, 1e-6);
    // Higher rows are higher frequencies.
    EXPECT_GT(s.rowCentreHz(10), s.rowCentreHz(11));
  }
}

TEST(FrequencyScale, MelRowsAreEvenlySpacedInSlaneyMel) {
  FrequencyScale s(FrequencyAxis::kMel, 0.0, 8000.0, 80);
  const double step = steerscope::MelFilterBank::hz_to_mel(8000.0) / 80.0;
  for (int y = 0; y < 80; ++y)
    EXPECT_NEAR(steerscope::MelFilterBank::hz_to_mel(s.hzAt(y)),
                steerscope::MelFilterBank::hz_to_mel(8000.0) - y * step, 1e-9);
}

TEST(FrequencyScale, LogAxisStartsAboveZero) {
  FrequencyScale s(FrequencyAxis::kLog, 0.0, 8000.0, 100);
  EXPECT_DOUBLE_EQ(s.minHz(), FrequencyScale::kMinLogHz);
  EXPECT_NEAR(s.hzAt(50), std::sqrt(FrequencyScale::kMinLogHz * 8000.0), 1e-6);  // geometric middle
}

TEST(FrequencyScale, KeysRoundTrip) {
  for (auto axis : {FrequencyAxis::kLinear, FrequencyAxis::kLog, FrequencyAxis::kMel}) {
    bool ok = false;
    EXPECT_EQ(parseFrequencyAxis(frequencyAxisKey(axis), &ok), axis);
    EXPECT_TRUE(ok);
  }
  bool ok = true;
  parseFrequencyAxis("bark", &ok);
  EXPECT_FALSE(ok);
}
