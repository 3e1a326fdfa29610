#pragma once
// All layers at once: layers (rows, layer 0 at the top) × time, each cell coloured by the dominant expert
// of the frames under it in the categorical expert palette, faded towards white as the router becomes
// undecided (router_column.h: confidence). This is the Mixtral-style "which expert" picture, stacked
// over the layers so that routing can be read against the spectrogram and the tiers beneath. The
// current layer is marked; clicking a row's gutter label picks that layer.

#include "views/async_tile_renderer.h"
#include "views/timeline_content.h"
#include "views/timeline_pane.h"

namespace steerscope::views {

class LayerOverviewPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit LayerOverviewPane(TimelineModel* model, QWidget* parent = nullptr);

  void setContent(TimelineContentPtr content);
  void setCurrentLayer(int layer);
  int currentLayer() const { return current_; }
  void setLabel(const QString& label);
  // Per layer, expert display order (for the comparison's matched B side); empty = identity.
  void setExpertOrders(std::vector<std::vector<int>> orders);
  AsyncTileRenderer& renderer() { return renderer_; }

  QString title() const override;
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 120}; }
  int layerAtY(int y) const;

 signals:
  void layerClicked(int layer);

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;
  void paintGutter(QPainter& painter, const QRect& gutter) override;
  void mousePressEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void invalidate() override;

 private:
  void rebuildRenderer();
  int layers() const { return content_ ? content_->layerCount() : 0; }
  int displayedExpert(int layer, int expert) const;

  TimelineContentPtr content_;
  int current_ = 0;
  QString label_;
  std::vector<std::vector<int>> orders_;
  AsyncTileRenderer renderer_;
};

}  // namespace steerscope::views
