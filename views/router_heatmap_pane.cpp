#include "views/router_heatmap_pane.h"

#include <QInputDialog>
#include <QMenu>
#include <QPainter>
#include <QResizeEvent>

#include "views/router_column.h"

namespace steerscope::views {

namespace {

struct HeatmapState {
  TimelineContentPtr content;
  int layer = 0;
  std::vector<int> order;  // row -> expert
  int height = 0;
  const ColourMap* colours = nullptr;
  QRgb background = 0;
  double end_s = 0.0;  // nothing is drawn past this time
};

QImage renderHeatmapTile(const HeatmapState& s, int level, int64_t first_column, int columns) {
  QImage image(columns, s.height, QImage::Format_RGB32);
  image.fill(s.background);
  const RouterTrace& trace = s.content->record.layers[size_t(s.layer)];
  const int e = int(trace.probs.cols);
  if (e == 0 || s.height <= 0) return image;
  // Row y belongs to display row (y · E) / height.
  std::vector<int> row_expert(size_t(s.height));
  for (int y = 0; y < s.height; ++y)
    row_expert[size_t(y)] = s.order[size_t(std::min(e - 1, y * e / s.height))];
  const double spp = TimelineModel::secondsPerPixelAt(level);
  RouterColumn column;
  for (int x = 0; x < columns; ++x) {
    const double t0 = double(first_column + x) * spp;
    if (t0 >= s.end_s) break;
    if (!routerColumn(trace, t0, t0 + spp, column)) continue;
    for (int y = 0; y < s.height; ++y)
      reinterpret_cast<QRgb*>(image.scanLine(y))[x] =
          s.colours->at(column.mean[size_t(row_expert[size_t(y)])]);
  }
  return image;
}

}  // namespace

RouterHeatmapPane::RouterHeatmapPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setMinimumHeight(48);
  connect(&renderer_, &AsyncTileRenderer::tileReady, this, qOverload<>(&QWidget::update));
}

const RouterTrace* RouterHeatmapPane::trace() const {
  if (!content_ || layer_ < 0 || layer_ >= content_->layerCount()) return nullptr;
  return &content_->record.layers[size_t(layer_)];
}

int RouterHeatmapPane::experts() const {
  return content_ ? content_->expertCount() : 0;
}

void RouterHeatmapPane::setContent(TimelineContentPtr content) {
  content_ = std::move(content);
  if (content_ && layer_ >= content_->layerCount()) layer_ = std::max(0, content_->layerCount() - 1);
  if (int(order_.size()) != experts()) order_.clear();
  invalidate();
}

void RouterHeatmapPane::setLayer(int layer) {
  if (layer == layer_) return;
  layer_ = layer;
  invalidate();
}

void RouterHeatmapPane::setColourMap(ColourMapId id) {
  colour_map_ = id;
  invalidate();
}

void RouterHeatmapPane::setExpertOrder(std::vector<int> order) {
  order_ = std::move(order);
  invalidate();
}

void RouterHeatmapPane::setLabel(const QString& label) {
  label_ = label;
  update();
}

void RouterHeatmapPane::invalidate() {
  rebuildRenderer();
  update();
}

void RouterHeatmapPane::resizeEvent(QResizeEvent* event) {
  TimelinePane::resizeEvent(event);
  rebuildRenderer();
}

void RouterHeatmapPane::rebuildRenderer() {
  if (!trace()) {
    renderer_.setRenderer(nullptr);
    return;
  }
  auto state = std::make_shared<HeatmapState>();
  state->content = content_;
  state->layer = layer_;
  state->order = order_;
  if (int(state->order.size()) != experts()) {
    state->order.resize(size_t(experts()));
    for (int i = 0; i < experts(); ++i) state->order[size_t(i)] = i;
  }
  state->height = contentRect().height();
  state->colours = &ColourMap::get(colour_map_);
  state->background = palette().color(QPalette::Base).rgb();
  state->end_s = timeline()->duration();
  renderer_.setRenderer([state](int level, int64_t first, int columns) {
    return renderHeatmapTile(*state, level, first, columns);
  });
}

QString RouterHeatmapPane::title() const {
  const QString t = tr("Layer %1 routing").arg(layer_);
  return label_.isEmpty() ? t : label_ + QStringLiteral(": ") + t;
}

int RouterHeatmapPane::expertAtY(int y) const {
  const int e = experts();
  const int h = contentRect().height();
  if (e == 0 || y < 0 || y >= h) return -1;
  const int row = std::min(e - 1, y * e / h);
  return int(order_.size()) == e ? order_[size_t(row)] : row;
}

void RouterHeatmapPane::paintContent(QPainter& painter, const QRect& content) {
  renderer_.paint(painter, content, *timeline(), palette().color(QPalette::Base));
  const RouterTrace* t = trace();
  if (!t) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(content, Qt::AlignCenter, tr("No routing recorded for this utterance"));
    return;
  }
  // Thin separators between experts.
  const int e = experts();
  painter.setPen(QColor(255, 255, 255, 90));
  for (int r = 1; r < e; ++r) {
    const int y = content.top() + r * content.height() / e;
    painter.drawLine(content.left(), y, content.right(), y);
  }
  if (t->frame_rate_hz > 0) paintPadding(painter, content, double(t->valid_frames) / t->frame_rate_hz);
}

void RouterHeatmapPane::paintGutter(QPainter& painter, const QRect& gutter) {
  painter.setPen(palette().color(QPalette::WindowText));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  painter.setFont(f);
  const int e = experts();
  const QRect content = contentRect();
  // Title on the left, expert labels in a column on the right, so neither hides the other.
  const int labels_width = e > 0 ? 34 : 0;
  painter.drawText(gutter.adjusted(6, 2, -labels_width - 2, 0),
                   Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, title());
  if (e == 0) return;
  const double band = double(content.height()) / e;
  const int every = band >= 11 ? 1 : band >= 5.5 ? 2 : band >= 2.75 ? 4 : e;
  QFont small = f;
  small.setPointSizeF(f.pointSizeF() * (band < 12 ? 0.85 : 1.0));
  painter.setFont(small);
  for (int r = 0; r < e; r += every) {
    const int expert = int(order_.size()) == e ? order_[size_t(r)] : r;
    const double y = content.top() + (r + 0.5) * band;
    painter.fillRect(QRectF(gutter.right() - labels_width, y - 4, 8, 8), ExpertPalette::colour(expert));
    painter.drawText(QRectF(gutter.right() - labels_width + 10, y - 7, labels_width - 10, 14),
                     Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("e%1").arg(expert));
  }
}

QString RouterHeatmapPane::describeAt(const QPoint& pos) const {
  const RouterTrace* t = trace();
  if (!contentRect().contains(pos) || !t) return TimelinePane::describeAt(pos);
  const double spp = timeline()->secondsPerPixel();
  const double t0 = timeAtWidgetX(pos.x());
  const int expert = expertAtY(pos.y() - contentRect().top());
  RouterColumn column;
  if (expert < 0 || !routerColumn(*t, t0, t0 + spp, column)) return TimelinePane::describeAt(pos);
  const QString frames = column.frames() == 1
                             ? tr("frame %1").arg(column.first_frame)
                             : tr("frames %1–%2 (mean)").arg(column.first_frame).arg(column.end_frame - 1);
  QString text = tr("%1 s  layer %2  %3  expert %4: p = %5  dominant e%6 (%7)")
                     .arg(t0 + spp / 2, 0, 'f', 3)
                     .arg(layer_)
                     .arg(frames)
                     .arg(expert)
                     .arg(column.mean[size_t(expert)], 0, 'f', 4)
                     .arg(column.dominant)
                     .arg(column.mean[size_t(column.dominant)], 0, 'f', 3);
  if (column.first_frame >= t->valid_frames) text += tr("  [padding]");
  return text;
}

void RouterHeatmapPane::fillContextMenu(QMenu& menu, const QPoint& pos) {
  const int expert = expertAtY(pos.y() - contentRect().top());
  if (interventions_enabled_ && trace()) {
    const int layer = layer_;
    if (expert >= 0) {
      QAction* ablate = menu.addAction(tr("Ablate expert %1 at layer %2").arg(expert).arg(layer));
      connect(ablate, &QAction::triggered, this, [this, layer, expert] {
        emit interventionRequested({InterventionRequest::Kind::kAblateExpert, layer, expert, 1.0});
      });
      QAction* force = menu.addAction(tr("Force expert %1 at layer %2").arg(expert).arg(layer));
      connect(force, &QAction::triggered, this, [this, layer, expert] {
        emit interventionRequested({InterventionRequest::Kind::kForceExpert, layer, expert, 1.0});
      });
    }
    QAction* remove = menu.addAction(tr("Remove layer %1 steering (×0)").arg(layer));
    connect(remove, &QAction::triggered, this, [this, layer] {
      emit interventionRequested({InterventionRequest::Kind::kScaleSteering, layer, 0, 0.0});
    });
    QAction* scale = menu.addAction(tr("Scale layer %1 steering…").arg(layer));
    connect(scale, &QAction::triggered, this, [this, layer] {
      bool ok = false;
      const double s = QInputDialog::getDouble(this, tr("Scale steering"),
                                               tr("Factor for layer %1's steering:").arg(layer), 2.0, -100.0,
                                               100.0, 2, &ok);
      if (ok) emit interventionRequested({InterventionRequest::Kind::kScaleSteering, layer, 0, s});
    });
    menu.addSeparator();
  }
  TimelinePane::fillContextMenu(menu, pos);
}

bool RouterHeatmapPane::writeCsv(QTextStream& out, const TimeRange& range,
                                 const CsvPreamble& preamble) const {
  const RouterTrace* t = trace();
  if (!t) return false;
  const double rate = t->frame_rate_hz;
  const int64_t f0 = std::max<int64_t>(0, int64_t(std::floor(range.start_s * rate)));
  const int64_t f1 = std::min<int64_t>(t->probs.rows, int64_t(std::ceil(range.end_s * rate)));
  preamble.write(
      out, QStringLiteral("router probabilities, layer %1").arg(layer_),
      {QStringLiteral(
           "layer %1 (0-based); %2 experts; softmax of the router's slice for this layer, rows sum to 1")
           .arg(layer_)
           .arg(t->probs.cols),
       QStringLiteral("frame i covers [i / %1, (i + 1) / %1) s; valid = 1 for frames covering audio (%2 of "
                      "%3), 0 for padding")
           .arg(rate)
           .arg(t->valid_frames)
           .arg(t->probs.rows),
       QStringLiteral("dominant_expert: argmax, lowest index on ties")});
  out << "frame,start_s,end_s,valid";
  for (int64_t e = 0; e < t->probs.cols; ++e) out << ",p_expert_" << e;
  out << ",dominant_expert\n";
  for (int64_t f = f0; f < f1; ++f) {
    out << f << ',' << QString::number(f / rate, 'f', 4) << ',' << QString::number((f + 1) / rate, 'f', 4)
        << ',' << (f < t->valid_frames ? 1 : 0);
    const float* p = t->probs.row(f);
    int best = 0;
    for (int64_t e = 0; e < t->probs.cols; ++e) {
      out << ',' << QString::number(p[e], 'g', 7);
      if (p[e] > p[best]) best = int(e);
    }
    out << ',' << best << '\n';
  }
  return true;
}

}  // namespace steerscope::views
