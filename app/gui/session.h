#pragma once
// Everything needed to restore the workbench: the files (recording, comparison recording, audio,
// checkpoints), the utterance and layer, the timeline's zoom, position, cursor and selection, display
// settings, visible panes, the open tab and the sampling settings. Saved as JSON (session_file.h).
//
// File paths are stored relative to the session file's directory when they lie below it, so that a
// folder holding a session and its recordings can be moved or shared as a whole.

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <vector>

#include "app/gui/checkpoint_set.h"
#include "views/chat_panel.h"
#include "views/spectrogram_settings.h"
#include "views/timeline_model.h"

namespace steerscope::gui {

struct Session {
  static constexpr int kVersion = 1;

  QString recording;
  QString comparison_recording;
  QString audio;  // an audio file opened without a recording
  CheckpointSet checkpoints;
  QString utterance;  // id
  int layer = 0;
  int zoom_level = -1;  // -1: fit
  qint64 first_column = 0;
  double cursor = 0.0;
  std::vector<views::TimeRange> selection;
  views::SpectrogramSettings spectrogram;
  views::ColourMapId router_colours = views::ColourMapId::kViridis;
  bool include_padding = false;
  QMap<QString, bool> panes;  // pane key -> visible
  QString tab;                // "timeline", "charts", "comparison", "ask"
  views::SamplingChoice sampling;

  // base_dir: the session file's directory, for relative paths.
  QJsonObject toJson(const QString& base_dir) const;
  // Throws nothing; unknown keys are ignored, missing ones keep their defaults. *error is set (and the
  // result is empty) when the object is not a SteerScope session or is of a newer version.
  static Session fromJson(const QJsonObject& json, const QString& base_dir, QString* error);
};

}  // namespace steerscope::gui
