#include "views/spectrogram_settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace steerscope::views {

namespace {
void fillColourMaps(QComboBox* box) {
  for (auto id : ColourMap::all()) box->addItem(ColourMap::displayName(id), ColourMap::key(id));
}
}  // namespace

SpectrogramSettingsPanel::SpectrogramSettingsPanel(QWidget* parent) : QWidget(parent) {
  auto* spectrogram = new QGroupBox(tr("Spectrogram"), this);
  auto* form = new QFormLayout(spectrogram);
  source_ = new QComboBox(this);
  source_->addItem(tr("Source audio"));
  source_->addItem(tr("Encoder input (stored log-mel)"));
  form->addRow(tr("Shows"), source_);
  window_size_ = new QComboBox(this);
  for (int n : {128, 256, 400, 512, 1024, 2048, 4096})
    window_size_->addItem(tr("%1 samples (%2 ms)").arg(n).arg(n / 16.0, 0, 'g', 3), n);
  form->addRow(tr("Window"), window_size_);
  window_ = new QComboBox(this);
  window_->addItem(tr("Hann"), "hann");
  window_->addItem(tr("Hamming"), "hamming");
  window_->addItem(tr("Blackman"), "blackman");
  form->addRow(tr("Window shape"), window_);
  hop_ = new QSpinBox(this);
  hop_->setRange(16, 4096);
  hop_->setSuffix(tr(" samples"));
  form->addRow(tr("Hop"), hop_);
  floor_ = new QDoubleSpinBox(this);
  floor_->setRange(-200, 100);
  floor_->setSuffix(tr(" dB"));
  form->addRow(tr("Floor"), floor_);
  ceiling_ = new QDoubleSpinBox(this);
  ceiling_->setRange(-200, 100);
  ceiling_->setSuffix(tr(" dB"));
  form->addRow(tr("Ceiling"), ceiling_);
  colour_map_ = new QComboBox(this);
  fillColourMaps(colour_map_);
  form->addRow(tr("Colours"), colour_map_);
  axis_ = new QComboBox(this);
  axis_->addItem(tr("Linear"), "linear");
  axis_->addItem(tr("Logarithmic"), "log");
  axis_->addItem(tr("Mel"), "mel");
  form->addRow(tr("Frequency axis"), axis_);
  min_hz_ = new QDoubleSpinBox(this);
  min_hz_->setRange(0, 8000);
  min_hz_->setSuffix(tr(" Hz"));
  max_hz_ = new QDoubleSpinBox(this);
  max_hz_->setRange(100, 8000);
  max_hz_->setSuffix(tr(" Hz"));
  form->addRow(tr("From"), min_hz_);
  form->addRow(tr("To"), max_hz_);
  auto* presets = new QHBoxLayout;
  auto* speech = new QPushButton(tr("Speech"), this);
  speech->setToolTip(tr("Wide-band spectrogram of the audio: 32 ms Hann window, 10 ms hop, 0–8 kHz"));
  auto* encoder = new QPushButton(tr("What the encoder sees"), this);
  encoder->setToolTip(tr("The log-mel stored in the recording: the encoder's actual input, on the mel axis"));
  presets->addWidget(speech);
  presets->addWidget(encoder);
  form->addRow(presets);

  auto* router = new QGroupBox(tr("Router heatmap"), this);
  auto* rform = new QFormLayout(router);
  router_colours_ = new QComboBox(this);
  fillColourMaps(router_colours_);
  rform->addRow(tr("Colours"), router_colours_);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(spectrogram);
  layout->addWidget(router);
  layout->addStretch(1);

  setSettings(SpectrogramSettings::speechPreset());
  for (QComboBox* box : {source_, window_size_, window_, colour_map_, axis_})
    connect(box, &QComboBox::currentIndexChanged, this, &SpectrogramSettingsPanel::emitChanged);
  connect(hop_, &QSpinBox::valueChanged, this, &SpectrogramSettingsPanel::emitChanged);
  for (QDoubleSpinBox* box : {floor_, ceiling_, min_hz_, max_hz_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &SpectrogramSettingsPanel::emitChanged);
  connect(speech, &QPushButton::clicked, this, [this] {
    setSettings(SpectrogramSettings::speechPreset());
    emit settingsChanged(settings());
  });
  connect(encoder, &QPushButton::clicked, this, [this] {
    setSettings(SpectrogramSettings::encoderPreset());
    emit settingsChanged(settings());
  });
  connect(router_colours_, &QComboBox::currentIndexChanged, this,
          [this] { emit routerColourMapChanged(routerColourMap()); });
  router_colours_->setCurrentIndex(0);
}

void SpectrogramSettingsPanel::setSettings(const SpectrogramSettings& s) {
  updating_ = true;
  source_->setCurrentIndex(s.source == SpectrogramSource::kAudio ? 0 : 1);
  int i = window_size_->findData(s.window_size);
  if (i < 0) {
    window_size_->addItem(tr("%1 samples").arg(s.window_size), s.window_size);
    i = window_size_->count() - 1;
  }
  window_size_->setCurrentIndex(i);
  window_->setCurrentIndex(window_->findData(QString::fromLatin1(spectrogram_window_name(s.window))));
  hop_->setValue(s.hop);
  floor_->setValue(s.floor_db);
  ceiling_->setValue(s.ceiling_db);
  colour_map_->setCurrentIndex(colour_map_->findData(ColourMap::key(s.colour_map)));
  axis_->setCurrentIndex(axis_->findData(frequencyAxisKey(s.axis)));
  min_hz_->setValue(s.min_hz);
  max_hz_->setValue(s.max_hz);
  updating_ = false;
}

SpectrogramSettings SpectrogramSettingsPanel::settings() const {
  SpectrogramSettings s;
  s.source = source_->currentIndex() == 0 ? SpectrogramSource::kAudio : SpectrogramSource::kEncoderLogMel;
  s.window_size = window_size_->currentData().toInt();
  s.window = parse_spectrogram_window(window_->currentData().toString().toStdString());
  s.hop = hop_->value();
  s.floor_db = floor_->value();
  s.ceiling_db = std::max(ceiling_->value(), s.floor_db + 1.0);
  s.colour_map = ColourMap::parse(colour_map_->currentData().toString());
  s.axis = parseFrequencyAxis(axis_->currentData().toString());
  s.min_hz = min_hz_->value();
  s.max_hz = std::max(max_hz_->value(), s.min_hz + 1.0);
  return s;
}

void SpectrogramSettingsPanel::setRouterColourMap(ColourMapId id) {
  router_colours_->setCurrentIndex(router_colours_->findData(ColourMap::key(id)));
}

ColourMapId SpectrogramSettingsPanel::routerColourMap() const {
  return ColourMap::parse(router_colours_->currentData().toString());
}

void SpectrogramSettingsPanel::emitChanged() {
  if (!updating_) emit settingsChanged(settings());
}

}  // namespace steerscope::views
