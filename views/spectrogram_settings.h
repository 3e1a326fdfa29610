#pragma once
// Everything the spectrogram pane's look depends on, as one value: saved in sessions, edited by
// SpectrogramSettingsPanel, compared to decide whether tiles must be re-rendered.
//
// Two sources:
//  - kAudio: the display spectrogram of the source audio (core/audio/spectrogram.h), in dB relative to a
//    full-scale sine, coloured from floor_db (lowest colour) to ceiling_db (highest).
//  - kEncoderLogMel: the log-mel the encoder saw, as stored in the recording. Stored values are Whisper's
//    (max(log10 P, m - 8) + 4) / 4; the pane shows them as 10·log10 P dB (= 40·v - 40), so that the same
//    dB settings read alike for both sources. The mel power has no absolute reference, so for this
//    source floor_db and ceiling_db are relative to the utterance's maximum; Whisper keeps 80 dB below
//    each window's maximum, which is the preset's range [-80, 0].

#include <QJsonObject>

#include "core/audio/spectrogram.h"
#include "views/colour_map.h"
#include "views/frequency_scale.h"

namespace steerscope::views {

enum class SpectrogramSource { kAudio, kEncoderLogMel };

struct SpectrogramSettings {
  SpectrogramSource source = SpectrogramSource::kAudio;
  int window_size = 512;  // samples at 16 kHz (32 ms)
  int hop = 160;          // samples (10 ms)
  SpectrogramWindow window = SpectrogramWindow::kHann;
  double floor_db = -90.0;
  double ceiling_db = -10.0;
  ColourMapId colour_map = ColourMapId::kMagma;
  FrequencyAxis axis = FrequencyAxis::kLinear;
  double min_hz = 0.0;
  double max_hz = 8000.0;

  // The default: a wide-band speech spectrogram of the audio.
  static SpectrogramSettings speechPreset();
  // "What the encoder sees": the stored log-mel on the mel axis, 0-8 kHz, 80 dB range.
  static SpectrogramSettings encoderPreset();

  QJsonObject toJson() const;
  // Missing or invalid keys keep the defaults.
  static SpectrogramSettings fromJson(const QJsonObject& json);

  bool operator==(const SpectrogramSettings& o) const;
  bool operator!=(const SpectrogramSettings& o) const { return !(*this == o); }
};

}  // namespace steerscope::views
