#pragma once
// Sequential colour maps for the spectrogram and the router heatmaps, and the categorical palette that
// tells experts apart.
//
// Sequential maps are 256-entry tables built once from published stops: viridis, magma and inferno are
// the perceptually uniform maps of van der Walt and Smith (matplotlib 1.5/2.0), given here by their
// published colours at t = 0, 0.1, ..., 1 (the 11-colour versions in the matplotlib and viridisLite
// documentation). Between stops the table interpolates in CIELAB (D65), the space the maps were designed
// to be uniform in, so lightness keeps rising monotonically and evenly; interpolating in sRGB would
// bend the path. "Greys" is a plain lightness ramp (white = low, black = high, as printed figures read)
// and "ice" a light blue ramp for dense, pale overviews.
//
// The expert palette is categorical: up to 12 hues chosen to be distinguishable with the common colour
// vision deficiencies (the first 8 are the Okabe–Ito set with black replaced by a grey-blue, since a
// pane blends colours towards white by confidence and black would not blend); experts beyond 12 reuse
// hues with rising lightness offsets.

#include <QColor>
#include <QString>
#include <array>
#include <vector>

namespace steerscope::views {

enum class ColourMapId { kViridis, kMagma, kInferno, kGreys, kIce };

class ColourMap {
 public:
  static const ColourMap& get(ColourMapId id);
  static std::vector<ColourMapId> all();
  // Stable names for sessions and settings ("viridis", ...); parse() falls back to viridis for unknown
  // names and says so through ok.
  static QString key(ColourMapId id);
  static ColourMapId parse(const QString& key, bool* ok = nullptr);
  // Translated display name.
  static QString displayName(ColourMapId id);

  // t in [0, 1] (clamped).
  QRgb at(double t) const { return table_[size_t(index(t))]; }
  static int index(double t) { return t <= 0.0 ? 0 : t >= 1.0 ? 255 : int(t * 255.0 + 0.5); }
  const std::array<QRgb, 256>& table() const { return table_; }

  // CIELAB lightness L* (0..100) of an sRGB colour; used by the tests and the legend's text colour.
  static double lightness(QRgb rgb);

 private:
  explicit ColourMap(const std::vector<QRgb>& stops);
  std::array<QRgb, 256> table_{};
};

class ExpertPalette {
 public:
  static QColor colour(int expert);
  // The expert's colour faded towards white as confidence falls: confidence 1 is the full colour,
  // 0 is white. confidence is clamped to [0, 1].
  static QRgb blended(int expert, double confidence);
};

}  // namespace steerscope::views
