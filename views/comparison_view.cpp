#include "views/comparison_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include "views/frame_divergence.h"

namespace steerscope::views {

ComparisonView::ComparisonView(QWidget* parent) : QWidget(parent), model_(new TimelineModel(this)) {
  title_ = new QLabel(tr("Open two recordings of the same audio, or run an intervention, to compare."), this);
  QFont bold = title_->font();
  bold.setBold(true);
  title_->setFont(bold);
  layer_ = new QSpinBox(this);
  layer_->setRange(0, 0);
  matching_ = new QComboBox(this);
  matching_->addItem(tr("No matching (indices as they are)"));
  matching_->addItem(tr("Match experts by steering vectors"));
  matching_->addItem(tr("Match experts by co-occurrence"));
  matching_->setCurrentIndex(2);
  auto* bar = new QHBoxLayout;
  bar->addWidget(title_, 1);
  bar->addWidget(new QLabel(tr("Layer"), this));
  bar->addWidget(layer_);
  bar->addWidget(matching_);

  area_ = new QWidget(this);
  area_->setAutoFillBackground(true);
  area_->installEventFilter(this);
  auto* column = new QVBoxLayout(area_);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  ruler_ = new TimeRulerPane(model_, area_);
  spectrogram_ = new SpectrogramPane(model_, area_);
  over_a_ = new LayerOverviewPane(model_, area_);
  heat_a_ = new RouterHeatmapPane(model_, area_);
  heat_b_ = new RouterHeatmapPane(model_, area_);
  divergence_ = new FrameSeriesPane(model_, area_);
  over_b_ = new LayerOverviewPane(model_, area_);
  phones_ = new TierPane(model_, "phones", area_);
  words_ = new TierPane(model_, "words", area_);
  column->addWidget(ruler_);
  column->addWidget(spectrogram_, 3);
  column->addWidget(over_a_, 2);
  column->addWidget(heat_a_, 3);
  column->addWidget(heat_b_, 3);
  column->addWidget(divergence_, 2);
  column->addWidget(over_b_, 2);
  column->addWidget(phones_);
  column->addWidget(words_);
  scroll_ = new QScrollBar(Qt::Horizontal, this);
  auto* timeline_box = new QWidget(this);
  auto* tl = new QVBoxLayout(timeline_box);
  tl->setContentsMargins(0, 0, 0, 0);
  tl->setSpacing(0);
  tl->addWidget(area_, 1);
  tl->addWidget(scroll_);

  chart_ = new QChartView(new QChart, this);
  chart_->setRenderHint(QPainter::Antialiasing);
  chart_->setMinimumHeight(220);
  chart_->setMinimumWidth(360);
  diff_ = new TranscriptDiffView(this);
  auto* bottom = new QSplitter(Qt::Horizontal, this);
  bottom->addWidget(chart_);
  bottom->addWidget(diff_);
  bottom->setStretchFactor(0, 1);
  bottom->setStretchFactor(1, 1);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(timeline_box);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({640, 260});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(bar);
  layout->addWidget(split, 1);

  for (TimelinePane* p : std::vector<TimelinePane*>{ruler_, spectrogram_, over_a_, heat_a_, heat_b_,
                                                    divergence_, over_b_, phones_, words_})
    connect(p, &TimelinePane::hoverChanged, this, &ComparisonView::hoverChanged);
  connect(layer_, &QSpinBox::valueChanged, this, [this] { applyLayer(); });
  connect(matching_, &QComboBox::currentIndexChanged, this, [this] { applyLayer(); });
  connect(over_a_, &LayerOverviewPane::layerClicked, layer_, &QSpinBox::setValue);
  connect(over_b_, &LayerOverviewPane::layerClicked, layer_, &QSpinBox::setValue);
  connect(model_, &TimelineModel::viewChanged, this, &ComparisonView::updateScrollBar);
  connect(scroll_, &QScrollBar::valueChanged, this, [this](int v) { model_->setFirstColumn(v); });
  heat_a_->setLabel(QStringLiteral("A"));
  heat_b_->setLabel(QStringLiteral("B"));
  over_a_->setLabel(QStringLiteral("A"));
  over_b_->setLabel(QStringLiteral("B"));
}

void ComparisonView::setPair(TimelineContentPtr a, const QString& label_a, TimelineContentPtr b,
                             const QString& label_b) {
  a_ = std::move(a);
  b_ = std::move(b);
  label_a_ = label_a;
  label_b_ = label_b;
  title_->setText(tr("A: %1   ·   B: %2").arg(label_a, label_b));
  spectrogram_->setContent(a_);
  over_a_->setContent(a_);
  heat_a_->setContent(a_);
  heat_b_->setContent(b_);
  over_b_->setContent(b_);
  phones_->setContent(a_);
  words_->setContent(a_);
  phones_->setVisible(phones_->hasTier());
  words_->setVisible(words_->hasTier());
  {
    const QSignalBlocker block(layer_);
    layer_->setRange(0, std::max(0, (a_ ? a_->layerCount() : 1) - 1));
  }
  model_->setDuration(a_ ? a_->duration(false) : 0.0);
  model_->zoomToFit();
  if (a_ && b_) {
    diff_->setTranscripts(label_a, TranscriptDiffView::comparisonTokens(*a_), label_b,
                          TranscriptDiffView::comparisonTokens(*b_));
  } else {
    diff_->clear();
  }
  applyLayer();
}

void ComparisonView::setComparison(std::shared_ptr<const analysis::CheckpointComparison> comparison) {
  comparison_ = std::move(comparison);
  matching_->setItemData(1,
                         comparison_ && !comparison_->layers.empty() && comparison_->layers[0].steering
                             ? QVariant()
                             : QVariant(0),
                         Qt::UserRole - 1);  // disables "by steering vectors" without constants
  if (matching() == Matching::kSteering &&
      !(comparison_ && !comparison_->layers.empty() && comparison_->layers[0].steering))
    setMatching(Matching::kCooccurrence);
  applyLayer();
  rebuildChart();
}

void ComparisonView::setLayer(int layer) {
  layer_->setValue(layer);
}
int ComparisonView::layer() const {
  return layer_->value();
}
void ComparisonView::setMatching(Matching m) {
  matching_->setCurrentIndex(int(m));
}
ComparisonView::Matching ComparisonView::matching() const {
  return Matching(matching_->currentIndex());
}

void ComparisonView::setSpectrogramSettings(const SpectrogramSettings& settings) {
  spectrogram_->setSettings(settings);
}

std::vector<int> ComparisonView::appliedMatching(int layer) const {
  if (!comparison_ || layer < 0 || size_t(layer) >= comparison_->layers.size()) return {};
  const auto& l = comparison_->layers[size_t(layer)];
  switch (matching()) {
    case Matching::kNone:
      return {};
    case Matching::kSteering:
      return l.steering ? l.steering->matching : std::vector<int>{};
    case Matching::kCooccurrence:
      return l.cooccurrence_matching;
  }
  return {};
}

void ComparisonView::applyLayer() {
  const int l = layer();
  heat_a_->setLayer(l);
  heat_b_->setLayer(l);
  over_a_->setCurrentLayer(l);
  over_b_->setCurrentLayer(l);
  const std::vector<int> m = appliedMatching(l);
  heat_b_->setExpertOrder(m);
  // B's overview: colour B's expert matching[i] as A's expert i.
  std::vector<std::vector<int>> colours;
  if (comparison_) {
    for (int layer = 0; layer < int(comparison_->layers.size()); ++layer) {
      const auto lm = appliedMatching(layer);
      std::vector<int> inverse(lm.size(), 0);
      for (size_t i = 0; i < lm.size(); ++i)
        if (lm[i] >= 0 && size_t(lm[i]) < inverse.size()) inverse[size_t(lm[i])] = int(i);
      colours.push_back(inverse);
    }
  }
  over_b_->setExpertOrders(colours);
  FrameSeries s;
  s.title = tr("JS divergence A–B, layer %1").arg(l);
  s.value_name = QStringLiteral("js_divergence_bits");
  s.unit = tr("bits");
  s.description =
      QStringLiteral(
          "Jensen-Shannon divergence (bits) between A's and B's router probabilities at layer %1%2")
          .arg(l)
          .arg(m.empty() ? QStringLiteral(", expert indices as they are")
                         : QStringLiteral(", B's experts matched to A's"));
  if (a_ && b_ && l < a_->layerCount() && l < b_->layerCount()) {
    const RouterTrace& ta = a_->record.layers[size_t(l)];
    s.values = frameDivergenceBits(ta, b_->record.layers[size_t(l)], m.empty() ? nullptr : &m);
    s.frame_rate_hz = ta.frame_rate_hz;
    s.valid_frames = ta.valid_frames;
  }
  divergence_->setSeries(std::move(s));
}

void ComparisonView::rebuildChart() {
  QChart* chart = chart_->chart();
  chart->removeAllSeries();
  for (auto* a : chart->axes()) chart->removeAxis(a);
  if (!comparison_ || comparison_->layers.empty()) {
    chart->setTitle(QString());
    return;
  }
  auto* raw = new QBarSet(tr("JS, unmatched"));
  raw->setColor(QColor(160, 160, 160));
  auto* matched = new QBarSet(tr("JS, matched"));
  matched->setColor(QColor(0, 114, 178));
  auto* agreement = new QLineSeries;
  agreement->setName(tr("agreement"));
  agreement->setPen(QPen(QColor(213, 94, 0), 2));
  QStringList categories;
  double top = 0.05;
  for (size_t i = 0; i < comparison_->layers.size(); ++i) {
    const auto& l = comparison_->layers[i];
    categories << QString::number(l.layer);
    *raw << l.js_bits;
    const double jm = l.js_bits_cooccurrence_matched.value_or(l.js_bits);
    *matched << jm;
    top = std::max({top, l.js_bits, jm});
    agreement->append(double(i), l.dominant_agreement_cooccurrence_matched.value_or(l.dominant_agreement));
  }
  auto* bars = new QBarSeries;
  bars->append(raw);
  bars->append(matched);
  chart->addSeries(bars);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText(tr("Layer"));
  auto* y = new QValueAxis;
  y->setRange(0.0, std::min(1.0, top * 1.2));
  y->setTitleText(tr("JS (bits)"));
  auto* y2 = new QValueAxis;
  y2->setRange(0.0, 1.0);
  y2->setTitleText(tr("dominant agrees"));
  auto* xline = new QValueAxis;
  xline->setRange(-0.5, double(categories.size()) - 0.5);
  xline->setVisible(false);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(xline, Qt::AlignTop);
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(y2, Qt::AlignRight);
  bars->attachAxis(x);
  bars->attachAxis(y);
  chart->addSeries(agreement);
  agreement->attachAxis(xline);
  agreement->attachAxis(y2);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setTitle(tr("Router divergence by layer (%1 utterances)").arg(comparison_->utterances));
}

std::vector<TimelinePane*> ComparisonView::visiblePanes() const {
  std::vector<TimelinePane*> out;
  for (TimelinePane* p : std::vector<TimelinePane*>{ruler_, spectrogram_, over_a_, heat_a_, heat_b_,
                                                    divergence_, over_b_, phones_, words_})
    if (!p->isHidden()) out.push_back(p);
  return out;
}

void ComparisonView::setSynchronousRendering(bool on) {
  spectrogram_->renderer().setSynchronous(on);
  for (auto* h : {heat_a_, heat_b_}) h->renderer().setSynchronous(on);
  for (auto* o : {over_a_, over_b_}) o->renderer().setSynchronous(on);
}

void ComparisonView::waitForRendering() {
  spectrogram_->renderer().waitForIdle();
  for (auto* h : {heat_a_, heat_b_}) h->renderer().waitForIdle();
  for (auto* o : {over_a_, over_b_}) o->renderer().waitForIdle();
}

bool ComparisonView::writeLayerCsv(QTextStream& out, const CsvPreamble& preamble) const {
  if (!comparison_) return false;
  preamble.write(out, QStringLiteral("checkpoint comparison by layer"),
                 {QStringLiteral("A: %1; B: %2; %3 utterances paired by id")
                      .arg(label_a_, label_b_)
                      .arg(comparison_->utterances),
                  QStringLiteral("js_bits: mean Jensen-Shannon divergence (bits) per frame; *_matched: after "
                                 "matching B's experts to A's"),
                  QStringLiteral("dominant_agreement: share of frames whose dominant experts agree")});
  out << "layer,frames,js_bits,js_bits_steering_matched,js_bits_cooccurrence_matched,dominant_agreement,"
         "dominant_agreement_cooccurrence_matched,matchings_agree,cooccurrence_matching\n";
  auto opt = [](const std::optional<double>& v) { return v ? QString::number(*v, 'g', 7) : QString(); };
  for (const auto& l : comparison_->layers) {
    QStringList m;
    for (int j : l.cooccurrence_matching) m << QString::number(j);
    out << l.layer << ',' << l.frames << ',' << QString::number(l.js_bits, 'g', 7) << ','
        << opt(l.js_bits_steering_matched) << ',' << opt(l.js_bits_cooccurrence_matched) << ','
        << QString::number(l.dominant_agreement, 'g', 7) << ','
        << opt(l.dominant_agreement_cooccurrence_matched) << ','
        << (l.matchings_agree ? (*l.matchings_agree ? "1" : "0") : "") << ',' << m.join(QLatin1Char(' '))
        << '\n';
  }
  return true;
}

bool ComparisonView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == area_ && event->type() == QEvent::Resize) {
    model_->setViewWidth(std::max(1, area_->width() - TimelinePane::kGutterWidth));
    updateScrollBar();
  }
  return QWidget::eventFilter(watched, event);
}

void ComparisonView::updateScrollBar() {
  const QSignalBlocker block(scroll_);
  scroll_->setRange(0, int(std::min<int64_t>(model_->maxFirstColumn(), INT32_MAX)));
  scroll_->setPageStep(std::max(1, model_->viewWidth()));
  scroll_->setValue(int(std::min<int64_t>(model_->firstColumn(), INT32_MAX)));
}

}  // namespace steerscope::views
