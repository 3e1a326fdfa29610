// The shared timeline: zoom levels, anchored zooming, clamped panning, fitting, the merged multi-range
// selection and the playback follow modes, all without a window.
#include "views/timeline_model.h"

#include <gtest/gtest.h>

using namespace steerscope::views;

TEST(TimelineModel, LevelsAreQuarterOctavesFromOneSamplePerPixel) {
  EXPECT_DOUBLE_EQ(TimelineModel::secondsPerPixelAt(0), 1.0 / 16000.0);
  EXPECT_DOUBLE_EQ(TimelineModel::secondsPerPixelAt(4), 2.0 / 16000.0);
  EXPECT_NEAR(TimelineModel::secondsPerPixelAt(1) / TimelineModel::secondsPerPixelAt(0), std::pow(2.0, 0.25),
              1e-12);
}

TEST(TimelineModel, ZoomToFitShowsEverythingAtTheFinestLevelThatFits) {
  TimelineModel m;
  m.setViewWidth(1000);
  m.setDuration(3600.0);
  m.zoomToFit();
  EXPECT_GE(m.secondsPerPixel() * 1000, 3600.0);
  EXPECT_LT(TimelineModel::secondsPerPixelAt(m.level() - 1) * 1000, 3600.0);
  EXPECT_EQ(m.firstColumn(), 0);
}

TEST(TimelineModel, ZoomKeepsTheAnchorTimeUnderTheAnchorPixel) {
  TimelineModel m;
  m.setViewWidth(800);
  m.setDuration(10000.0);
  m.setLevel(60);  // 2.048 s per pixel
  m.setStartTime(2000.0);
  const double t = m.timeAtX(300);
  m.zoomBy(-5, 300);
  EXPECT_EQ(m.level(), 55);
  EXPECT_NEAR(m.timeAtX(300), t, m.secondsPerPixel());
}

TEST(TimelineModel, PanningIsClampedToTheContent) {
  TimelineModel m;
  m.setViewWidth(500);
  m.setDuration(10.0);
  m.setLevel(20);  // 0.002 s per pixel: 5000 columns of content
  m.setFirstColumn(0);
  int changes = 0;
  QObject::connect(&m, &TimelineModel::viewChanged, [&] { ++changes; });
  m.panByPixels(-100);
  EXPECT_EQ(m.firstColumn(), 0);
  EXPECT_EQ(changes, 0);  // already at the start: nothing changed, nothing announced
  m.panByPixels(1e9);
  EXPECT_EQ(m.firstColumn(), m.maxFirstColumn());
  EXPECT_NEAR(m.endTime(), 10.0, m.secondsPerPixel() * 1.5);
  EXPECT_EQ(changes, 1);
}

TEST(TimelineModel, SelectionIsSortedClippedAndMerged) {
  TimelineModel m;
  m.setDuration(10.0);
  m.setSelection({{5.0, 6.0}, {1.0, 2.0}, {1.5, 3.0}, {9.5, 12.0}, {4.0, 4.0}, {7.0, 6.5}});
  ASSERT_EQ(m.selection().size(), 4u);
  EXPECT_EQ(m.selection()[0], (TimeRange{1.0, 3.0}));
  EXPECT_EQ(m.selection()[1], (TimeRange{5.0, 6.0}));
  EXPECT_EQ(m.selection()[2], (TimeRange{6.5, 7.0}));
  EXPECT_EQ(m.selection()[3], (TimeRange{9.5, 10.0}));
  EXPECT_EQ(m.selectionExtent(), (TimeRange{1.0, 10.0}));
  EXPECT_DOUBLE_EQ(m.selectedSeconds(), 2.0 + 1.0 + 0.5 + 0.5);
  m.addToSelection({2.5, 5.5});
  EXPECT_EQ(m.selection().size(), 3u);
  EXPECT_EQ(m.selection()[0], (TimeRange{1.0, 6.0}));
}

TEST(TimelineModel, PageFollowTurnsThePageWhenPlaybackLeavesTheView) {
  TimelineModel m;
  m.setViewWidth(1000);
  m.setDuration(60.0);
  m.setLevel(24);  // 0.004 s per pixel: 4 s per page
  m.setFirstColumn(0);
  m.setFollow(PlaybackFollow::kPage);
  m.setPlayPosition(0.5);
  EXPECT_EQ(m.firstColumn(), 0);
  m.setPlayPosition(4.2);
  EXPECT_LE(m.startTime(), 4.2);
  EXPECT_GT(m.endTime(), 4.2);
  EXPECT_GT(m.startTime(), 3.0);
  m.setFollow(PlaybackFollow::kCentre);
  m.setPlayPosition(30.0);
  EXPECT_NEAR((m.startTime() + m.endTime()) / 2, 30.0, m.secondsPerPixel());
  const int64_t before = m.firstColumn();
  m.setFollow(PlaybackFollow::kNone);
  m.setPlayPosition(50.0);
  EXPECT_EQ(m.firstColumn(), before);
  EXPECT_DOUBLE_EQ(m.cursor(), 0.0);  // following never moves the cursor
}
