#include "app/gui/checkpoint_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace steerscope::gui {

namespace {
QWidget* pathRow(QLineEdit* edit, QPushButton* browse, QWidget* parent) {
  auto* row = new QWidget(parent);
  auto* l = new QHBoxLayout(row);
  l->setContentsMargins(0, 0, 0, 0);
  l->addWidget(edit, 1);
  l->addWidget(browse);
  return row;
}
}  // namespace

CheckpointDialog::CheckpointDialog(const CheckpointSet& initial, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open checkpoints"));
  encoder_ = new QLineEdit(initial.encoder_dir, this);
  steering_ = new QLineEdit(initial.steering_path, this);
  decoder_ = new QLineEdit(initial.decoder_dir, this);
  prompt_ids_ = new QLineEdit(initial.prompt_ids, this);
  encoder_->setPlaceholderText(tr("Hugging Face Whisper directory (config.json, model.safetensors)"));
  steering_->setPlaceholderText(
      tr("steering.safetensors, pytorch_model.bin, or a directory; empty: no steering"));
  decoder_->setPlaceholderText(tr("Qwen2 or LLaMA directory; empty: encoder only (routing, no text)"));
  prompt_ids_->setPlaceholderText(tr("only for decoders without tokenizer.json, e.g. 1, 2, 3"));
  auto* browse_encoder = new QPushButton(tr("Browse…"), this);
  auto* browse_steering = new QPushButton(tr("Browse…"), this);
  auto* browse_decoder = new QPushButton(tr("Browse…"), this);
  connect(browse_encoder, &QPushButton::clicked, this, [this] {
    const QString d =
        QFileDialog::getExistingDirectory(this, tr("Whisper encoder directory"), encoder_->text());
    if (!d.isEmpty()) encoder_->setText(d);
  });
  connect(browse_steering, &QPushButton::clicked, this, [this] {
    const QString f =
        QFileDialog::getOpenFileName(this, tr("Steering checkpoint"), steering_->text(),
                                     tr("Checkpoints (*.safetensors *.bin *.pt);;All files (*)"));
    if (!f.isEmpty()) steering_->setText(f);
  });
  connect(browse_decoder, &QPushButton::clicked, this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Decoder directory"), decoder_->text());
    if (!d.isEmpty()) decoder_->setText(d);
  });
  auto* form = new QFormLayout;
  form->addRow(tr("Encoder"), pathRow(encoder_, browse_encoder, this));
  form->addRow(tr("Steering"), pathRow(steering_, browse_steering, this));
  form->addRow(tr("Decoder"), pathRow(decoder_, browse_decoder, this));
  form->addRow(tr("Prompt token ids"), prompt_ids_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  auto* note = new QLabel(
      tr("The models run on this computer's CPU in the background; the window stays usable."), this);
  note->setWordWrap(true);
  layout->addWidget(note);
  layout->addLayout(form);
  layout->addWidget(buttons);
  resize(640, sizeHint().height());
}

CheckpointSet CheckpointDialog::checkpoints() const {
  CheckpointSet c;
  c.encoder_dir = encoder_->text().trimmed();
  c.steering_path = steering_->text().trimmed();
  c.decoder_dir = decoder_->text().trimmed();
  c.prompt_ids = prompt_ids_->text().trimmed();
  return c;
}

}  // namespace steerscope::gui
