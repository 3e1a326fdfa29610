#include "views/layer_overview_pane.h"

#include <QMouseEvent>
#include <QPainter>
#include <QResizeEvent>

#include "views/colour_map.h"
#include "views/router_column.h"

namespace steerscope::views {

namespace {

struct OverviewState {
  TimelineContentPtr content;
  std::vector<std::vector<int>> colour_of;  // [layer][expert] -> colour index (matched order)
  int height = 0;
  QRgb background = 0;
  double end_s = 0.0;
};

QImage renderOverviewTile(const OverviewState& s, int level, int64_t first_column, int columns) {
  QImage image(columns, s.height, QImage::Format_RGB32);
  image.fill(s.background);
  const auto& layers = s.content->record.layers;
  const int n = int(layers.size());
  if (n == 0 || s.height <= 0) return image;
  const double spp = TimelineModel::secondsPerPixelAt(level);
  RouterColumn column;
  std::vector<QRgb> colour(static_cast<size_t>(n));
  std::vector<bool> has(static_cast<size_t>(n));
  for (int x = 0; x < columns; ++x) {
    const double t0 = double(first_column + x) * spp;
    if (t0 >= s.end_s) break;
    for (int l = 0; l < n; ++l) {
      has[size_t(l)] = routerColumn(layers[size_t(l)], t0, t0 + spp, column);
      if (has[size_t(l)]) {
        const auto& map = s.colour_of[size_t(l)];
        const int c = column.dominant < int(map.size()) ? map[size_t(column.dominant)] : column.dominant;
        colour[size_t(l)] = ExpertPalette::blended(c, column.confidence);
      }
    }
    for (int y = 0; y < s.height; ++y) {
      const int l = std::min(n - 1, y * n / s.height);
      if (has[size_t(l)]) reinterpret_cast<QRgb*>(image.scanLine(y))[x] = colour[size_t(l)];
    }
  }
  return image;
}

}  // namespace

LayerOverviewPane::LayerOverviewPane(TimelineModel* model, QWidget* parent) : TimelinePane(model, parent) {
  setMinimumHeight(40);
  connect(&renderer_, &AsyncTileRenderer::tileReady, this, qOverload<>(&QWidget::update));
}

void LayerOverviewPane::setContent(TimelineContentPtr content) {
  content_ = std::move(content);
  invalidate();
}

void LayerOverviewPane::setCurrentLayer(int layer) {
  current_ = layer;
  update();
}

void LayerOverviewPane::setLabel(const QString& label) {
  label_ = label;
  update();
}

void LayerOverviewPane::setExpertOrders(std::vector<std::vector<int>> orders) {
  orders_ = std::move(orders);
  invalidate();
}

int LayerOverviewPane::displayedExpert(int layer, int expert) const {
  if (layer < int(orders_.size()) && expert < int(orders_[size_t(layer)].size()))
    return orders_[size_t(layer)][size_t(expert)];
  return expert;
}

void LayerOverviewPane::invalidate() {
  rebuildRenderer();
  update();
}

void LayerOverviewPane::resizeEvent(QResizeEvent* event) {
  TimelinePane::resizeEvent(event);
  rebuildRenderer();
}

void LayerOverviewPane::rebuildRenderer() {
  if (layers() == 0) {
    renderer_.setRenderer(nullptr);
    return;
  }
  auto state = std::make_shared<OverviewState>();
  state->content = content_;
  const int e = content_->expertCount();
  state->colour_of.assign(size_t(layers()), {});
  for (int l = 0; l < layers(); ++l)
    for (int k = 0; k < e; ++k) state->colour_of[size_t(l)].push_back(displayedExpert(l, k));
  state->height = contentRect().height();
  state->background = palette().color(QPalette::Base).rgb();
  state->end_s = timeline()->duration();
  renderer_.setRenderer([state](int level, int64_t first, int columns) {
    return renderOverviewTile(*state, level, first, columns);
  });
}

QString LayerOverviewPane::title() const {
  const QString t = tr("Dominant expert, all layers");
  return label_.isEmpty() ? t : label_ + QStringLiteral(": ") + t;
}

int LayerOverviewPane::layerAtY(int y) const {
  const int n = layers();
  const int h = contentRect().height();
  if (n == 0 || y < 0 || y >= h) return -1;
  return std::min(n - 1, y * n / h);
}

void LayerOverviewPane::paintContent(QPainter& painter, const QRect& content) {
  renderer_.paint(painter, content, *timeline(), palette().color(QPalette::Base));
  const int n = layers();
  if (n == 0) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(content, Qt::AlignCenter, tr("No routing recorded"));
    return;
  }
  if (current_ >= 0 && current_ < n) {
    const double band = double(content.height()) / n;
    painter.setPen(QPen(QColor(20, 20, 20, 160), 1, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(content.left(), content.top() + current_ * band, content.width() - 1, band));
  }
}

void LayerOverviewPane::paintGutter(QPainter& painter, const QRect& gutter) {
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.8);
  painter.setFont(f);
  painter.setPen(palette().color(QPalette::WindowText));
  const int n = layers();
  const QRect content = contentRect();
  const double band = n > 0 ? double(content.height()) / n : 0;
  // Title on top when the rows leave room; layer labels where they fit.
  painter.drawText(gutter.adjusted(6, 2, -30, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, title());
  const int every = band >= 11 ? 1 : band >= 5 ? 2 : band >= 2.5 ? 4 : 8;
  for (int l = 0; l < n; l += every) {
    const double y = content.top() + (l + 0.5) * band;
    if (l == current_) {
      QFont b = f;
      b.setBold(true);
      painter.setFont(b);
    }
    painter.drawText(QRectF(gutter.right() - 28, y - 7, 26, 14), Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("L%1").arg(l));
    painter.setFont(f);
  }
}

void LayerOverviewPane::mousePressEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (gutterRect().contains(pos) || (event->modifiers() & Qt::AltModifier)) {
    const int l = layerAtY(pos.y() - contentRect().top());
    if (l >= 0) emit layerClicked(l);
    return;
  }
  TimelinePane::mousePressEvent(event);
}

QString LayerOverviewPane::describeAt(const QPoint& pos) const {
  const int l = layerAtY(pos.y() - contentRect().top());
  if (!contentRect().contains(pos) || l < 0) return TimelinePane::describeAt(pos);
  const double spp = timeline()->secondsPerPixel();
  const double t0 = timeAtWidgetX(pos.x());
  RouterColumn column;
  if (!routerColumn(content_->record.layers[size_t(l)], t0, t0 + spp, column))
    return TimelinePane::describeAt(pos);
  return tr("%1 s  layer %2  dominant expert %3  p = %4  confidence %5")
      .arg(t0 + spp / 2, 0, 'f', 3)
      .arg(l)
      .arg(column.dominant)
      .arg(column.mean[size_t(column.dominant)], 0, 'f', 3)
      .arg(column.confidence, 0, 'f', 2);
}

bool LayerOverviewPane::writeCsv(QTextStream& out, const TimeRange& range,
                                 const CsvPreamble& preamble) const {
  if (layers() == 0) return false;
  preamble.write(out, QStringLiteral("dominant expert per layer"),
                 {QStringLiteral("one row per (layer, frame); frame i of a layer covers [i / rate, (i + 1) / "
                                 "rate) s at that layer's rate"),
                  QStringLiteral("dominant_expert: argmax of the router probabilities (lowest index on "
                                 "ties); probability: its value;"),
                  QStringLiteral("confidence = (probability - 1/E) / (1 - 1/E)")});
  out << "layer,frame,start_s,end_s,valid,dominant_expert,probability,confidence\n";
  for (const auto& t : content_->record.layers) {
    const double rate = t.frame_rate_hz;
    const int64_t f0 = std::max<int64_t>(0, int64_t(std::floor(range.start_s * rate)));
    const int64_t f1 = std::min<int64_t>(t.probs.rows, int64_t(std::ceil(range.end_s * rate)));
    for (int64_t f = f0; f < f1; ++f) {
      RouterColumn c;
      routerColumn(t, (f + 0.25) / rate, (f + 0.75) / rate, c);
      out << t.layer << ',' << f << ',' << QString::number(f / rate, 'f', 4) << ','
          << QString::number((f + 1) / rate, 'f', 4) << ',' << (f < t.valid_frames ? 1 : 0) << ','
          << c.dominant << ',' << QString::number(c.mean[size_t(c.dominant)], 'g', 6) << ','
          << QString::number(c.confidence, 'g', 6) << '\n';
    }
  }
  return true;
}

}  // namespace steerscope::views
