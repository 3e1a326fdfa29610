// The colour maps: published end points, lightness rising monotonically along the perceptually uniform
// maps (the property they exist for), key parsing, and the expert palette's confidence blending.
#include "views/colour_map.h"

#include <gtest/gtest.h>

using namespace steerscope::views;

TEST(ColourMap, EndPointsAreThePublishedColours) {
  EXPECT_EQ(ColourMap::get(ColourMapId::kViridis).at(0.0), qRgb(0x44, 0x01, 0x54));
  EXPECT_EQ(ColourMap::get(ColourMapId::kViridis).at(1.0), qRgb(0xFD, 0xE7, 0x25));
  EXPECT_EQ(ColourMap::get(ColourMapId::kMagma).at(0.0), qRgb(0x00, 0x00, 0x04));
  EXPECT_EQ(ColourMap::get(ColourMapId::kMagma).at(1.0), qRgb(0xFC, 0xFD, 0xBF));
  EXPECT_EQ(ColourMap::get(ColourMapId::kInferno).at(1.0), qRgb(0xFC, 0xFF, 0xA4));
}

TEST(ColourMap, MidpointOfViridisIsItsPublishedMiddleColour) {
  // t = 0.5 is a published stop (#21908C); the Lab interpolation must pass through it (±1 per channel
  // for rounding at index 127.5).
  const QRgb mid = ColourMap::get(ColourMapId::kViridis).table()[128];
  EXPECT_NEAR(qRed(mid), 0x21, 2);
  EXPECT_NEAR(qGreen(mid), 0x90, 2);
  EXPECT_NEAR(qBlue(mid), 0x8C, 2);
}

TEST(ColourMap, LightnessRisesMonotonicallyAndEvenly) {
  for (auto id : {ColourMapId::kViridis, ColourMapId::kMagma, ColourMapId::kInferno}) {
    const auto& table = ColourMap::get(id).table();
    double previous = -1.0, smallest_step = 1e9, largest_step = 0.0;
    for (int i = 0; i < 256; ++i) {
      const double l = ColourMap::lightness(table[size_t(i)]);
      if (i > 0) {
        EXPECT_GT(l, previous - 0.35) << ColourMap::key(id).toStdString() << " at " << i;
        if (i % 16 == 0) {
          const double step = l - ColourMap::lightness(table[size_t(i - 16)]);
          smallest_step = std::min(smallest_step, step);
          largest_step = std::max(largest_step, step);
        }
      }
      previous = l;
    }
    // Perceptually uniform: no stretch of the map is flat or much steeper than another.
    EXPECT_GT(smallest_step, 0.0) << ColourMap::key(id).toStdString();
    EXPECT_LT(largest_step, 3.0 * smallest_step) << ColourMap::key(id).toStdString();
  }
}

TEST(ColourMap, KeysRoundTripAndUnknownKeysFallBack) {
  for (auto id : ColourMap::all()) {
    bool ok = false;
    EXPECT_EQ(ColourMap::parse(ColourMap::key(id), &ok), id);
    EXPECT_TRUE(ok);
  }
  bool ok = true;
  EXPECT_EQ(ColourMap::parse("jet", &ok), ColourMapId::kViridis);
  EXPECT_FALSE(ok);
}

TEST(ExpertPalette, ConfidenceFadesTowardsWhite) {
  EXPECT_EQ(ExpertPalette::blended(2, 1.0), ExpertPalette::colour(2).rgb());
  EXPECT_EQ(ExpertPalette::blended(2, 0.0), qRgb(255, 255, 255));
  const QRgb half = ExpertPalette::blended(4, 0.5);
  const QColor full = ExpertPalette::colour(4);
  EXPECT_NEAR(qBlue(half), (255 + full.blue()) / 2.0, 1.0);
  // Distinct colours for the first 12 experts.
  for (int a = 0; a < 12; ++a)
    for (int b = a + 1; b < 12; ++b) EXPECT_NE(ExpertPalette::colour(a), ExpertPalette::colour(b));
}
