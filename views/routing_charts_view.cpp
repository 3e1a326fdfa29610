#include "views/routing_charts_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QStackedBarSeries>
#include <QtCharts/QValueAxis>
#include <cmath>

#include "views/colour_map.h"
#include "views/document_analysis.h"
#include "views/matrix_heatmap_view.h"

namespace steerscope::views {

namespace {

QChartView* makeChartView(QWidget* parent) {
  auto* view = new QChartView(new QChart, parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->chart()->setMargins(QMargins(4, 4, 4, 4));
  view->chart()->legend()->setAlignment(Qt::AlignRight);
  return view;
}

QStringList labelNames(const analysis::AssociationResult& r) {
  QStringList names;
  for (const auto& l : r.labels) names << QString::fromStdString(l);
  return names;
}

}  // namespace

RoutingChartsView::RoutingChartsView(QWidget* parent) : QWidget(parent) {
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Layer"), this));
  layer_ = new QSpinBox(this);
  layer_->setRange(0, 0);
  top->addWidget(layer_);
  top->addSpacing(16);
  top->addWidget(new QLabel(tr("Expert"), this));
  expert_ = new QSpinBox(this);
  expert_->setRange(0, 0);
  top->addWidget(expert_);
  top->addStretch(1);

  tabs_ = new QTabWidget(this);
  load_ = makeChartView(this);
  tabs_->addTab(load_, tr("Load and entropy"));
  phone_classes_ = new MatrixHeatmapView(this);
  tabs_->addTab(phone_classes_, tr("Experts × phone classes"));
  speakers_ = new MatrixHeatmapView(this);
  tabs_->addTab(speakers_, tr("Experts × speakers"));
  nmi_ = makeChartView(this);
  tabs_->addTab(nmi_, tr("Specialisation (NMI)"));
  top_ = makeChartView(this);
  tabs_->addTab(top_, tr("Top phones"));

  message_ = new QLabel(this);
  message_->setAlignment(Qt::AlignCenter);
  message_->setWordWrap(true);
  auto* charts = new QWidget(this);
  auto* cl = new QVBoxLayout(charts);
  cl->setContentsMargins(0, 0, 0, 0);
  cl->addLayout(top);
  cl->addWidget(tabs_, 1);
  stack_ = new QStackedWidget(this);
  stack_->addWidget(message_);
  stack_->addWidget(charts);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(stack_);
  showMessage(tr("Open a recording to see its routing statistics."));

  connect(layer_, &QSpinBox::valueChanged, this, [this](int l) {
    rebuildMatrices();
    rebuildTopPhones();
    emit layerChanged(l);
  });
  connect(expert_, &QSpinBox::valueChanged, this, [this] { rebuildTopPhones(); });
  connect(phone_classes_, &MatrixHeatmapView::hoverChanged, this, &RoutingChartsView::hoverChanged);
  connect(speakers_, &MatrixHeatmapView::hoverChanged, this, &RoutingChartsView::hoverChanged);
  connect(phone_classes_, &MatrixHeatmapView::cellClicked, this, [this](int row, int column) {
    if (!analysis_) return;
    const auto& r = analysis_->associations[kPhoneClassLabelling];
    emit cellActivated(layer(), row, kPhoneClassLabelling, QString::fromStdString(r.labels[size_t(column)]));
  });
  connect(speakers_, &MatrixHeatmapView::cellClicked, this, [this](int row, int column) {
    if (!analysis_) return;
    const auto& r = analysis_->associations[kSpeakerLabelling];
    emit cellActivated(layer(), row, kSpeakerLabelling, QString::fromStdString(r.labels[size_t(column)]));
  });
}

void RoutingChartsView::showMessage(const QString& message) {
  message_->setText(message);
  stack_->setCurrentWidget(message_);
}

void RoutingChartsView::setAnalysis(std::shared_ptr<const analysis::CorpusAnalysis> analysis) {
  analysis_ = std::move(analysis);
  if (!analysis_ || analysis_->routing.layers.empty()) {
    showMessage(tr("This recording has no routing to analyse."));
    return;
  }
  {
    const QSignalBlocker b1(layer_), b2(expert_);
    layer_->setRange(0, int(analysis_->routing.layers.size()) - 1);
    expert_->setRange(0, std::max(0, analysis_->routing.experts - 1));
  }
  stack_->setCurrentIndex(1);
  rebuild();
}

void RoutingChartsView::setLayer(int layer) {
  layer_->setValue(layer);
}
int RoutingChartsView::layer() const {
  return layer_->value();
}
void RoutingChartsView::setExpert(int expert) {
  expert_->setValue(expert);
}
int RoutingChartsView::expert() const {
  return expert_->value();
}
void RoutingChartsView::setPage(Page page) {
  tabs_->setCurrentIndex(int(page));
}
RoutingChartsView::Page RoutingChartsView::page() const {
  return Page(tabs_->currentIndex());
}
QWidget* RoutingChartsView::currentPage() const {
  return stack_->currentIndex() == 1 ? tabs_->currentWidget() : message_;
}

void RoutingChartsView::rebuild() {
  rebuildLoad();
  rebuildMatrices();
  rebuildSpecialisation();
  rebuildTopPhones();
}

void RoutingChartsView::rebuildLoad() {
  QChart* chart = load_->chart();
  chart->removeAllSeries();
  for (auto* a : chart->axes()) chart->removeAxis(a);
  const auto& layers = analysis_->routing.layers;
  const int e = analysis_->routing.experts;
  auto* bars = new QStackedBarSeries;
  for (int k = 0; k < e; ++k) {
    auto* set = new QBarSet(tr("e%1").arg(k));
    set->setColor(ExpertPalette::colour(k));
    set->setBorderColor(ExpertPalette::colour(k).darker(120));
    for (const auto& l : layers)
      *set << (size_t(k) < l.mean_probability.size() ? l.mean_probability[size_t(k)] : 0.0);
    bars->append(set);
  }
  bars->setBarWidth(0.8);
  chart->addSeries(bars);
  QStringList categories;
  for (const auto& l : layers) categories << QString::number(l.layer);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText(tr("Layer"));
  auto* y = new QValueAxis;
  y->setRange(0.0, 1.0);
  y->setTitleText(tr("Mean probability (bars)"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  bars->attachAxis(x);
  bars->attachAxis(y);
  // Entropies share the 0..1 scale (normalised by ln E); drawn over the bars at the category centres.
  auto* frame_entropy = new QLineSeries;
  frame_entropy->setName(tr("mean frame entropy / ln E"));
  auto* load_entropy = new QLineSeries;
  load_entropy->setName(tr("entropy of mean load / ln E"));
  auto* xline = new QValueAxis;
  xline->setRange(-0.5, double(layers.size()) - 0.5);
  xline->setVisible(false);
  chart->addAxis(xline, Qt::AlignTop);
  for (size_t i = 0; i < layers.size(); ++i) {
    frame_entropy->append(double(i), layers[i].mean_frame_entropy_normalized);
    load_entropy->append(double(i), layers[i].entropy_of_mean_normalized);
  }
  frame_entropy->setPen(QPen(QColor(20, 20, 20), 2));
  load_entropy->setPen(QPen(QColor(20, 20, 20), 2, Qt::DashLine));
  auto* yentropy = new QValueAxis;
  yentropy->setRange(0.0, 1.0);
  yentropy->setTitleText(tr("Entropy / ln E (lines)"));
  chart->addAxis(yentropy, Qt::AlignRight);
  for (auto* s : {frame_entropy, load_entropy}) {
    chart->addSeries(s);
    s->attachAxis(xline);
    s->attachAxis(yentropy);
  }
  chart->setTitle(tr("Expert load and router entropy by layer (%1 utterances)").arg(analysis_->utterances));
}

void RoutingChartsView::rebuildMatrices() {
  if (!analysis_) return;
  const int l = layer();
  const int e = analysis_->routing.experts;
  QStringList experts;
  for (int k = 0; k < e; ++k) experts << tr("e%1").arg(k);
  auto fill = [&](MatrixHeatmapView* view, int labelling, const QString& what) {
    const auto& r = analysis_->associations[size_t(labelling)];
    if (size_t(l) >= r.layers.size()) {
      view->setMatrix({}, {}, {});
      view->setTitle(what);
      return;
    }
    const auto& summary = r.layers[size_t(l)].soft_summary;
    const int k = int(r.labels.size());
    std::vector<double> values(size_t(e * k), 0.0);
    for (int c = 0; c < k && size_t(c) < summary.expert_distribution.size(); ++c)
      for (int row = 0; row < e && size_t(row) < summary.expert_distribution[size_t(c)].size(); ++row)
        values[size_t(row * k + c)] = summary.expert_distribution[size_t(c)][size_t(row)];
    view->setMatrix(std::move(values), experts, labelNames(r), 0.0, 1.0);
    view->setTitle(tr("%1, layer %2: P(expert | label)   NMI %3 (dominant expert: %4)")
                       .arg(what)
                       .arg(l)
                       .arg(summary.nmi, 0, 'f', 3)
                       .arg(r.layers[size_t(l)].hard_summary.nmi, 0, 'f', 3));
  };
  fill(phone_classes_, kPhoneClassLabelling, tr("Experts × phone classes"));
  fill(speakers_, kSpeakerLabelling, tr("Experts × speakers"));
}

void RoutingChartsView::rebuildSpecialisation() {
  QChart* chart = nmi_->chart();
  chart->removeAllSeries();
  for (auto* a : chart->axes()) chart->removeAxis(a);
  const QString names[3] = {tr("phone class"), tr("phone"), tr("speaker")};
  const QColor colours[3] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115)};
  auto* x = new QValueAxis;
  x->setTitleText(tr("Layer"));
  x->setLabelFormat("%d");
  x->setRange(0, std::max(1, int(analysis_->routing.layers.size()) - 1));
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickInterval(std::max(1, int(analysis_->routing.layers.size()) / 8));
  auto* y = new QValueAxis;
  y->setTitleText(tr("NMI (dominant expert vs label)"));
  double top = 0.05;
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (int i = 0; i < 3; ++i) {
    const auto& r = analysis_->associations[size_t(i)];
    if (r.labels.empty()) continue;
    auto* s = new QLineSeries;
    s->setName(names[i]);
    s->setPen(QPen(colours[i], 2));
    s->setPointsVisible(true);
    for (const auto& la : r.layers) {
      s->append(la.layer, la.hard_summary.nmi);
      top = std::max(top, la.hard_summary.nmi);
    }
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  y->setRange(0.0, std::min(1.0, top * 1.15));
  chart->setTitle(tr("How much the dominant expert says about the label, by layer"));
}

void RoutingChartsView::rebuildTopPhones() {
  if (!analysis_) return;
  QChart* chart = top_->chart();
  chart->removeAllSeries();
  for (auto* a : chart->axes()) chart->removeAxis(a);
  const auto& r = analysis_->associations[kPhoneLabelling];
  const int l = layer(), e = expert();
  chart->setTitle(tr("Layer %1, expert %2: phones under its dominant frames").arg(l).arg(e));
  if (size_t(l) >= r.layers.size()) return;
  const auto& tops = r.layers[size_t(l)].hard_summary.top_labels;
  if (size_t(e) >= tops.size() || tops[size_t(e)].empty()) return;
  auto* set = new QBarSet(tr("share P(phone | expert)"));
  set->setColor(ExpertPalette::colour(e));
  QStringList categories;
  // Largest at the top of a horizontal bar chart: append in reverse.
  const auto& list = tops[size_t(e)];
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    *set << it->share;
    categories << tr("%1 (lift %2)")
                      .arg(QString::fromStdString(r.labels[size_t(it->label)]))
                      .arg(it->lift, 0, 'f', 2);
  }
  auto* series = new QHorizontalBarSeries;
  series->append(set);
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(categories);
  auto* x = new QValueAxis;
  x->setRange(0.0, 1.0);
  x->setTitleText(tr("Share of the expert's dominant frames"));
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->setVisible(false);
}

bool RoutingChartsView::writeRoutingCsv(QTextStream& out, const CsvPreamble& preamble) const {
  if (!analysis_) return false;
  const auto& routing = analysis_->routing;
  preamble.write(
      out, QStringLiteral("routing statistics by layer"),
      {QStringLiteral("%1 utterances; frames covering audio only unless padding was included (%2)")
           .arg(analysis_->utterances)
           .arg(routing.include_padding ? QStringLiteral("included") : QStringLiteral("excluded")),
       QStringLiteral("entropies in nats; *_normalized divided by ln E; load_cv: coefficient of variation of "
                      "the mean probabilities"),
       QStringLiteral("nmi_*: geometric NMI between the dominant expert and the label (hard table)")});
  out << "layer,frame_rate_hz,frames,mean_frame_entropy_nats,entropy_of_mean_nats,mean_frame_entropy_"
         "normalized,"
         "entropy_of_mean_normalized,mean_top2_margin,load_cv,mean_run_frames";
  for (int k = 0; k < routing.experts; ++k) out << ",mean_probability_e" << k;
  for (int k = 0; k < routing.experts; ++k) out << ",dominant_share_e" << k;
  out << ",nmi_phone_class,nmi_phone,nmi_speaker\n";
  for (size_t i = 0; i < routing.layers.size(); ++i) {
    const auto& l = routing.layers[i];
    out << l.layer << ',' << l.frame_rate_hz << ',' << l.frames << ',' << l.mean_frame_entropy_nats << ','
        << l.entropy_of_mean_nats << ',' << l.mean_frame_entropy_normalized << ','
        << l.entropy_of_mean_normalized << ',' << l.mean_top2_margin << ',' << l.load_cv << ','
        << l.persistence.mean_frames;
    for (double v : l.mean_probability) out << ',' << v;
    for (double v : l.dominant_share) out << ',' << v;
    for (int a = 0; a < 3; ++a) {
      const auto& r = analysis_->associations[size_t(a)];
      out << ',';
      if (i < r.layers.size() && !r.labels.empty()) out << r.layers[i].hard_summary.nmi;
    }
    out << '\n';
  }
  return true;
}

bool RoutingChartsView::writeAssociationCsv(QTextStream& out, int labelling,
                                            const CsvPreamble& preamble) const {
  if (!analysis_ || labelling < 0 || size_t(labelling) >= analysis_->associations.size()) return false;
  const auto& r = analysis_->associations[size_t(labelling)];
  if (r.labels.empty()) return false;
  preamble.write(out,
                 QStringLiteral("expert x label association (%1)").arg(QString::fromStdString(r.labelling)),
                 {QStringLiteral("one row per (layer, expert, label); soft_count: summed router probability "
                                 "of the label's frames;"),
                  QStringLiteral("hard_count: frames of the label on which the expert dominates; "
                                 "p_expert_given_label from the soft table")});
  out << "layer,expert,label,soft_count,hard_count,p_expert_given_label\n";
  for (const auto& la : r.layers) {
    for (int e = 0; e < la.soft.rows(); ++e) {
      for (int c = 0; c < la.soft.columns(); ++c) {
        const double p = size_t(c) < la.soft_summary.expert_distribution.size()
                             ? la.soft_summary.expert_distribution[size_t(c)][size_t(e)]
                             : 0.0;
        out << la.layer << ',' << e << ',' << csvField(QString::fromStdString(r.labels[size_t(c)])) << ','
            << la.soft.at(e, c) << ',' << (c < la.hard.columns() ? la.hard.at(e, c) : 0.0) << ',' << p
            << '\n';
      }
    }
  }
  return true;
}

}  // namespace steerscope::views
