#pragma once
// The checkpoints a live run is built from (core/pipeline/pipeline_config.h): the Whisper encoder
// directory, the SteerMoE steering checkpoint and the decoder directory, plus the prompt as token ids
// for decoders that have no tokenizer. Saved in sessions and settings.

#include <QJsonObject>
#include <QString>

namespace steerscope::gui {

struct CheckpointSet {
  QString encoder_dir;
  QString steering_path;  // empty: plain encoder (no routing)
  QString decoder_dir;    // empty: encoder only (routing, no text)
  QString prompt_ids;     // "1, 2, 3": the transcription prompt when the decoder has no tokenizer

  bool isEmpty() const { return encoder_dir.isEmpty(); }
  QString describe() const;  // one line for status bars and run labels
  QJsonObject toJson() const;
  static CheckpointSet fromJson(const QJsonObject& json);
  bool operator==(const CheckpointSet& o) const {
    return encoder_dir == o.encoder_dir && steering_path == o.steering_path && decoder_dir == o.decoder_dir &&
           prompt_ids == o.prompt_ids;
  }
  bool operator!=(const CheckpointSet& o) const { return !(*this == o); }
};

}  // namespace steerscope::gui
