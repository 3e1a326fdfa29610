#include "views/colour_map.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace steerscope::views {

namespace {

struct Lab {
  double l, a, b;
};

double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double linear_to_srgb(double c) {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// D65 white point.
constexpr double kXn = 0.95047, kYn = 1.0, kZn = 1.08883;

double lab_f(double t) {
  return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}
double lab_f_inv(double f) {
  const double f3 = f * f * f;
  return f3 > 216.0 / 24389.0 ? f3 : (116.0 * f - 16.0) * 27.0 / 24389.0;
}

Lab to_lab(QRgb rgb) {
  const double r = srgb_to_linear(qRed(rgb) / 255.0), g = srgb_to_linear(qGreen(rgb) / 255.0),
               b = srgb_to_linear(qBlue(rgb) / 255.0);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double fx = lab_f(x / kXn), fy = lab_f(y / kYn), fz = lab_f(z / kZn);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

QRgb from_lab(const Lab& c) {
  const double fy = (c.l + 16.0) / 116.0, fx = fy + c.a / 500.0, fz = fy - c.b / 200.0;
  const double x = kXn * lab_f_inv(fx), y = kYn * lab_f_inv(fy), z = kZn * lab_f_inv(fz);
  const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
  const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  auto to8 = [](double v) {
    return std::clamp(int(std::lround(linear_to_srgb(std::clamp(v, 0.0, 1.0)) * 255.0)), 0, 255);
  };
  return qRgb(to8(r), to8(g), to8(b));
}

// Published colours at t = 0, 0.1, ..., 1.
const std::vector<QRgb> kViridis = {0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C,
                                    0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725};
const std::vector<QRgb> kMagma = {0x000004, 0x140E36, 0x3B0F70, 0x641A80, 0x8C2981, 0xB73779,
                                  0xDE4968, 0xF7705C, 0xFE9F6D, 0xFECF92, 0xFCFDBF};
const std::vector<QRgb> kInferno = {0x000004, 0x160B39, 0x420A68, 0x6A176E, 0x932667, 0xBC3754,
                                    0xDD513A, 0xF37819, 0xFCA50A, 0xF6D746, 0xFCFFA4};
const std::vector<QRgb> kGreys = {0xFFFFFF, 0x000000};
// ColorBrewer "Blues" end points and middle stops.
const std::vector<QRgb> kIce = {0xF7FBFF, 0xC6DBEF, 0x6BAED6, 0x2171B5, 0x08306B};

}  // namespace

ColourMap::ColourMap(const std::vector<QRgb>& stops) {
  std::vector<Lab> lab;
  for (QRgb s : stops) lab.push_back(to_lab(s | 0xFF000000u));
  const int segments = int(stops.size()) - 1;
  for (int i = 0; i < 256; ++i) {
    const double t = i / 255.0 * segments;
    const int s = std::min(int(t), segments - 1);
    const double u = t - s;
    const Lab c{lab[size_t(s)].l + u * (lab[size_t(s) + 1].l - lab[size_t(s)].l),
                lab[size_t(s)].a + u * (lab[size_t(s) + 1].a - lab[size_t(s)].a),
                lab[size_t(s)].b + u * (lab[size_t(s) + 1].b - lab[size_t(s)].b)};
    table_[size_t(i)] = from_lab(c);
  }
  // Exact end points: the published colours, not their round trip through Lab.
  table_[0] = stops.front() | 0xFF000000u;
  table_[255] = stops.back() | 0xFF000000u;
}

const ColourMap& ColourMap::get(ColourMapId id) {
  static const ColourMap viridis(kViridis), magma(kMagma), inferno(kInferno), greys(kGreys), ice(kIce);
  switch (id) {
    case ColourMapId::kViridis:
      return viridis;
    case ColourMapId::kMagma:
      return magma;
    case ColourMapId::kInferno:
      return inferno;
    case ColourMapId::kGreys:
      return greys;
    case ColourMapId::kIce:
      return ice;
  }
  return viridis;
}

std::vector<ColourMapId> ColourMap::all() {
  return {ColourMapId::kViridis, ColourMapId::kMagma, ColourMapId::kInferno, ColourMapId::kGreys,
          ColourMapId::kIce};
}

QString ColourMap::key(ColourMapId id) {
  switch (id) {
    case ColourMapId::kViridis:
      return QStringLiteral("viridis");
    case ColourMapId::kMagma:
      return QStringLiteral("magma");
    case ColourMapId::kInferno:
      return QStringLiteral("inferno");
    case ColourMapId::kGreys:
      return QStringLiteral("greys");
    case ColourMapId::kIce:
      return QStringLiteral("ice");
  }
  return QStringLiteral("viridis");
}

ColourMapId ColourMap::parse(const QString& key, bool* ok) {
  for (auto id : all()) {
    if (ColourMap::key(id) == key) {
      if (ok) *ok = true;
      return id;
    }
  }
  if (ok) *ok = false;
  return ColourMapId::kViridis;
}

QString ColourMap::displayName(ColourMapId id) {
  switch (id) {
    case ColourMapId::kViridis:
      return QCoreApplication::translate("steerscope::views::ColourMap", "Viridis");
    case ColourMapId::kMagma:
      return QCoreApplication::translate("steerscope::views::ColourMap", "Magma");
    case ColourMapId::kInferno:
      return QCoreApplication::translate("steerscope::views::ColourMap", "Inferno");
    case ColourMapId::kGreys:
      return QCoreApplication::translate("steerscope::views::ColourMap", "Greys");
    case ColourMapId::kIce:
      return QCoreApplication::translate("steerscope::views::ColourMap", "Ice");
  }
  return QString();
}

double ColourMap::lightness(QRgb rgb) {
  return to_lab(rgb).l;
}

namespace {
const QRgb kExpertColours[12] = {
    0xE69F00,  // orange
    0x56B4E9,  // sky blue
    0x009E73,  // bluish green
    0xF0E442,  // yellow
    0x0072B2,  // blue
    0xD55E00,  // vermillion
    0xCC79A7,  // reddish purple
    0x5D6D7E,  // grey-blue (Okabe–Ito's black, lightened)
    0x882255,  // wine
    0x44AA99,  // teal
    0x999933,  // olive
    0xAA4499,  // purple
};
}  // namespace

QColor ExpertPalette::colour(int expert) {
  const int n = 12;
  const int e = expert < 0 ? 0 : expert;
  QColor c = QColor::fromRgb(kExpertColours[e % n]);
  const int round = e / n;
  return round == 0 ? c : c.lighter(100 + 25 * round);
}

QRgb ExpertPalette::blended(int expert, double confidence) {
  const double c = std::clamp(confidence, 0.0, 1.0);
  const QColor base = colour(expert);
  auto mix = [c](int v) { return int(std::lround(255.0 + (v - 255.0) * c)); };
  return qRgb(mix(base.red()), mix(base.green()), mix(base.blue()));
}

}  // namespace steerscope::views
