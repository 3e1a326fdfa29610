#include "views/spectrogram_settings.h"

#include <algorithm>

namespace steerscope::views {

SpectrogramSettings SpectrogramSettings::speechPreset() {
  return SpectrogramSettings{};
}

SpectrogramSettings SpectrogramSettings::encoderPreset() {
  SpectrogramSettings s;
  s.source = SpectrogramSource::kEncoderLogMel;
  s.window_size = 400;  // 25 ms, as the front end
  s.hop = 160;          // 10 ms
  s.floor_db = -80.0;
  s.ceiling_db = 0.0;
  s.colour_map = ColourMapId::kViridis;
  s.axis = FrequencyAxis::kMel;
  s.min_hz = 0.0;
  s.max_hz = 8000.0;
  return s;
}

QJsonObject SpectrogramSettings::toJson() const {
  return {{"source", source == SpectrogramSource::kAudio ? "audio" : "encoder_log_mel"},
          {"window_size", window_size},
          {"hop", hop},
          {"window", spectrogram_window_name(window)},
          {"floor_db", floor_db},
          {"ceiling_db", ceiling_db},
          {"colour_map", ColourMap::key(colour_map)},
          {"frequency_axis", frequencyAxisKey(axis)},
          {"min_hz", min_hz},
          {"max_hz", max_hz}};
}

SpectrogramSettings SpectrogramSettings::fromJson(const QJsonObject& j) {
  SpectrogramSettings s;
  if (j.value("source").toString() == QLatin1String("encoder_log_mel"))
    s.source = SpectrogramSource::kEncoderLogMel;
  s.window_size = std::clamp(j.value("window_size").toInt(s.window_size), 16, 16384);
  s.hop = std::clamp(j.value("hop").toInt(s.hop), 1, 16384);
  const QString w = j.value("window").toString();
  if (w == QLatin1String("hamming")) s.window = SpectrogramWindow::kHamming;
  if (w == QLatin1String("blackman")) s.window = SpectrogramWindow::kBlackman;
  s.floor_db = j.value("floor_db").toDouble(s.floor_db);
  s.ceiling_db = j.value("ceiling_db").toDouble(s.ceiling_db);
  if (s.ceiling_db <= s.floor_db) s.ceiling_db = s.floor_db + 1.0;
  if (j.contains("colour_map")) s.colour_map = ColourMap::parse(j.value("colour_map").toString());
  if (j.contains("frequency_axis")) s.axis = parseFrequencyAxis(j.value("frequency_axis").toString());
  s.min_hz = std::max(0.0, j.value("min_hz").toDouble(s.min_hz));
  s.max_hz = std::max(s.min_hz + 1.0, j.value("max_hz").toDouble(s.max_hz));
  return s;
}

bool SpectrogramSettings::operator==(const SpectrogramSettings& o) const {
  return source == o.source && window_size == o.window_size && hop == o.hop && window == o.window &&
         floor_db == o.floor_db && ceiling_db == o.ceiling_db && colour_map == o.colour_map &&
         axis == o.axis && min_hz == o.min_hz && max_hz == o.max_hz;
}

}  // namespace steerscope::views
