#pragma once
// Choosing the checkpoints of a live run: the Whisper encoder directory, the SteerMoE steering
// checkpoint (file or directory) and the decoder directory, and for decoders without a tokenizer the
// transcription prompt as token ids.

#include <QDialog>

#include "app/gui/checkpoint_set.h"

class QLineEdit;

namespace steerscope::gui {

class CheckpointDialog : public QDialog {
  Q_OBJECT
 public:
  explicit CheckpointDialog(const CheckpointSet& initial, QWidget* parent = nullptr);
  CheckpointSet checkpoints() const;

 private:
  QLineEdit* encoder_;
  QLineEdit* steering_;
  QLineEdit* decoder_;
  QLineEdit* prompt_ids_;
};

}  // namespace steerscope::gui
