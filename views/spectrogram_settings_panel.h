#pragma once
// The display settings panel (Sonic Visualiser's property box, anchors.md A.11 #30): spectrogram source,
// window length, shape and hop, dB range, colour map, frequency axis and range, with the speech and
// "what the encoder sees" presets; and the colour map of the router heatmaps. Every edit emits the
// complete settings, which the stack applies and the session saves.

#include <QWidget>

#include "views/spectrogram_settings.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace steerscope::views {

class SpectrogramSettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SpectrogramSettingsPanel(QWidget* parent = nullptr);

  void setSettings(const SpectrogramSettings& settings);
  SpectrogramSettings settings() const;
  void setRouterColourMap(ColourMapId id);
  ColourMapId routerColourMap() const;

 signals:
  void settingsChanged(const steerscope::views::SpectrogramSettings& settings);
  void routerColourMapChanged(steerscope::views::ColourMapId id);

 private:
  void emitChanged();
  QComboBox* source_;
  QComboBox* window_size_;
  QSpinBox* hop_;
  QComboBox* window_;
  QDoubleSpinBox* floor_;
  QDoubleSpinBox* ceiling_;
  QComboBox* colour_map_;
  QComboBox* axis_;
  QDoubleSpinBox* min_hz_;
  QDoubleSpinBox* max_hz_;
  QComboBox* router_colours_;
  bool updating_ = false;
};

}  // namespace steerscope::views
