#include "views/timeline_stack.h"

#include <QResizeEvent>
#include <QScrollBar>
#include <QVBoxLayout>

#include "analysis/phone_class.h"

namespace steerscope::views {

TimelineStack::TimelineStack(TimelineModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  area_ = new QWidget(this);
  area_->setAutoFillBackground(true);
  area_->installEventFilter(this);
  auto* column = new QVBoxLayout(area_);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  ruler_ = new TimeRulerPane(model, area_);
  waveform_ = new WaveformPane(model, area_);
  spectrogram_ = new SpectrogramPane(model, area_);
  overview_ = new LayerOverviewPane(model, area_);
  heatmap_ = new RouterHeatmapPane(model, area_);
  steering_ = new FrameSeriesPane(model, area_);
  phones_ = new TierPane(model, "phones", area_);
  words_ = new TierPane(model, "words", area_);
  speakers_ = new TierPane(model, "speakers", area_);
  column->addWidget(ruler_);
  column->addWidget(waveform_, 2);
  column->addWidget(spectrogram_, 5);
  column->addWidget(overview_, 3);
  column->addWidget(heatmap_, 4);
  column->addWidget(steering_, 2);
  column->addWidget(phones_);
  column->addWidget(words_);
  column->addWidget(speakers_);

  scroll_ = new QScrollBar(Qt::Horizontal, this);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->setSpacing(0);
  outer->addWidget(area_, 1);
  outer->addWidget(scroll_);

  wanted_.assign(8, true);
  for (TimelinePane* p : allPanes()) {
    connect(p, &TimelinePane::hoverChanged, this, &TimelineStack::hoverChanged);
    p->setHoverContext([this](double t) { return contextAt(t); });
  }
  connect(heatmap_, &RouterHeatmapPane::interventionRequested, this, &TimelineStack::interventionRequested);
  connect(overview_, &LayerOverviewPane::layerClicked, this, &TimelineStack::setLayer);
  connect(model_, &TimelineModel::viewChanged, this, &TimelineStack::updateScrollBar);
  connect(scroll_, &QScrollBar::valueChanged, this, [this](int v) {
    // The scroll bar counts columns, in units of several columns when there are more than an int holds.
    model_->setFirstColumn(int64_t(v) * std::max<int64_t>(1, model_->maxFirstColumn() / 1000000000 + 1));
  });
  updateVisibility();
}

std::vector<TimelinePane*> TimelineStack::allPanes() const {
  return {ruler_, waveform_, spectrogram_, overview_, heatmap_, steering_, phones_, words_, speakers_};
}

TimelinePane* TimelineStack::pane(PaneKind kind) const {
  switch (kind) {
    case PaneKind::kWaveform:
      return waveform_;
    case PaneKind::kSpectrogram:
      return spectrogram_;
    case PaneKind::kOverview:
      return overview_;
    case PaneKind::kHeatmap:
      return heatmap_;
    case PaneKind::kSteering:
      return steering_;
    case PaneKind::kPhones:
      return phones_;
    case PaneKind::kWords:
      return words_;
    case PaneKind::kSpeakers:
      return speakers_;
  }
  return nullptr;
}

void TimelineStack::setContent(TimelineContentPtr content) {
  const double old_duration = model_->duration();
  content_ = std::move(content);
  waveform_->setAudio(content_ ? content_->audio : nullptr);
  spectrogram_->setContent(content_);
  overview_->setContent(content_);
  heatmap_->setContent(content_);
  phones_->setContent(content_);
  words_->setContent(content_);
  speakers_->setContent(content_);
  const double duration = content_ ? content_->duration(include_padding_) : 0.0;
  model_->setDuration(duration);
  // Same length (another utterance of the length, or the rest of a partly loaded one): keep the view.
  if (old_duration == 0.0 || std::abs(duration - old_duration) > std::max(0.05, 0.01 * duration))
    model_->zoomToFit();
  if (content_ && layer_ >= content_->layerCount()) layer_ = std::max(0, content_->layerCount() - 1);
  heatmap_->setLayer(layer_);
  overview_->setCurrentLayer(layer_);
  updateSteeringSeries();
  updateVisibility();
  updateScrollBar();
}

void TimelineStack::setIncludePadding(bool on) {
  if (on == include_padding_) return;
  include_padding_ = on;
  if (content_) {
    model_->setDuration(content_->duration(include_padding_));
    model_->zoomToFit();
  }
}

void TimelineStack::setLayer(int layer) {
  if (content_) layer = std::clamp(layer, 0, std::max(0, content_->layerCount() - 1));
  if (layer == layer_) return;
  layer_ = layer;
  heatmap_->setLayer(layer_);
  overview_->setCurrentLayer(layer_);
  updateSteeringSeries();
  emit layerChanged(layer_);
}

void TimelineStack::updateSteeringSeries() {
  FrameSeries s;
  s.title = tr("Layer %1 steering strength").arg(layer_);
  s.value_name = QStringLiteral("steering_delta_norm");
  s.description = QStringLiteral(
                      "L2 norm of layer_scale * probs . steering_vectors for layer %1 (the steering added to "
                      "the layer output)")
                      .arg(layer_);
  if (content_ && layer_ < content_->layerCount()) {
    const RouterTrace& t = content_->record.layers[size_t(layer_)];
    s.values = t.delta_norm;
    s.frame_rate_hz = t.frame_rate_hz;
    s.valid_frames = t.valid_frames;
  }
  steering_->setSeries(std::move(s));
  updateVisibility();
}

void TimelineStack::setSpectrogramSettings(const SpectrogramSettings& settings) {
  const bool changed = settings != spectrogram_->settings();
  spectrogram_->setSettings(settings);
  updateVisibility();
  if (changed) emit spectrogramSettingsChanged(settings);
}

void TimelineStack::setRouterColourMap(ColourMapId id) {
  heatmap_->setColourMap(id);
}

void TimelineStack::setPaneVisible(PaneKind kind, bool visible) {
  wanted_[size_t(kind)] = visible;
  updateVisibility();
}

bool TimelineStack::isPaneVisible(PaneKind kind) const {
  return !pane(kind)->isHidden();
}

void TimelineStack::updateVisibility() {
  auto want = [this](PaneKind k) { return bool(wanted_[size_t(k)]); };
  waveform_->setVisible(want(PaneKind::kWaveform) && content_ && content_->audio);
  spectrogram_->setVisible(want(PaneKind::kSpectrogram));
  overview_->setVisible(want(PaneKind::kOverview));
  heatmap_->setVisible(want(PaneKind::kHeatmap));
  steering_->setVisible(want(PaneKind::kSteering) && steering_->hasData());
  phones_->setVisible(want(PaneKind::kPhones) && phones_->hasTier());
  words_->setVisible(want(PaneKind::kWords) && words_->hasTier());
  speakers_->setVisible(want(PaneKind::kSpeakers) && speakers_->hasTier());
}

std::vector<TimelinePane*> TimelineStack::visiblePanes() const {
  std::vector<TimelinePane*> out;
  for (TimelinePane* p : allPanes())
    if (!p->isHidden()) out.push_back(p);
  return out;
}

void TimelineStack::setSynchronousRendering(bool on) {
  spectrogram_->renderer().setSynchronous(on);
  heatmap_->renderer().setSynchronous(on);
  overview_->renderer().setSynchronous(on);
}

void TimelineStack::waitForRendering() {
  spectrogram_->renderer().waitForIdle();
  heatmap_->renderer().waitForIdle();
  overview_->renderer().waitForIdle();
}

QString TimelineStack::contextAt(double t) const {
  if (!content_) return QString();
  QStringList parts;
  const std::string phone = content_->labelAt("phones", t);
  if (!phone.empty())
    parts << tr("phone %1 (%2)")
                 .arg(QString::fromStdString(phone))
                 .arg(QString::fromLatin1(analysis::phone_class_name(analysis::classify_phone(phone))));
  const std::string word = content_->labelAt("words", t);
  if (!word.empty()) parts << tr("word %1").arg(QString::fromStdString(word));
  const std::string speaker = content_->labelAt("speakers", t);
  if (!speaker.empty()) parts << tr("speaker %1").arg(QString::fromStdString(speaker));
  return parts.join(QStringLiteral("  "));
}

bool TimelineStack::eventFilter(QObject* watched, QEvent* event) {
  if (watched == area_ && event->type() == QEvent::Resize) {
    model_->setViewWidth(std::max(1, area_->width() - TimelinePane::kGutterWidth));
    updateScrollBar();
  }
  return QWidget::eventFilter(watched, event);
}

void TimelineStack::updateScrollBar() {
  const int64_t max = model_->maxFirstColumn();
  const int64_t unit = std::max<int64_t>(1, max / 1000000000 + 1);
  const QSignalBlocker block(scroll_);
  scroll_->setRange(0, int(max / unit));
  scroll_->setPageStep(std::max(1, int(model_->viewWidth() / unit)));
  scroll_->setSingleStep(std::max(1, int(model_->viewWidth() / 10 / unit)));
  scroll_->setValue(int(model_->firstColumn() / unit));
}

}  // namespace steerscope::views
