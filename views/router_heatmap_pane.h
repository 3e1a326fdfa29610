#pragma once
// One encoder layer's routing: experts (rows) × frames (columns), each cell the router probability on a
// sequential colour scale from 0 to 1 (a column spanning several frames shows their mean,
// router_column.h). The gutter names the experts with their categorical colour, which is the colour the
// layer overview uses for them.
//
// For checkpoint comparison the rows can be reordered (setExpertOrder): row r shows expert order[r], so
// that B's experts sit on the rows of the A experts they were matched to.
//
// The context menu offers the interventions on the expert under the pointer and on the layer's steering;
// the pane only emits interventionRequested, the app runs them.

#include "views/async_tile_renderer.h"
#include "views/colour_map.h"
#include "views/intervention_request.h"
#include "views/timeline_content.h"
#include "views/timeline_pane.h"

namespace steerscope::views {

class RouterHeatmapPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit RouterHeatmapPane(TimelineModel* model, QWidget* parent = nullptr);

  void setContent(TimelineContentPtr content);
  void setLayer(int layer);
  int layer() const { return layer_; }
  void setColourMap(ColourMapId id);
  ColourMapId colourMap() const { return colour_map_; }
  // Row r shows expert order[r]; empty = identity.
  void setExpertOrder(std::vector<int> order);
  // Prefix of the title ("A", "B") for side-by-side views.
  void setLabel(const QString& label);
  // Whether the context menu offers interventions (only when a live engine can run them).
  void setInterventionsEnabled(bool on) { interventions_enabled_ = on; }
  AsyncTileRenderer& renderer() { return renderer_; }

  QString title() const override;
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 150}; }

  // The expert shown at a content-relative y, or -1.
  int expertAtY(int y) const;

 signals:
  void interventionRequested(const steerscope::views::InterventionRequest& request);

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;
  void paintGutter(QPainter& painter, const QRect& gutter) override;
  void fillContextMenu(QMenu& menu, const QPoint& pos) override;
  void resizeEvent(QResizeEvent* event) override;
  void invalidate() override;

 private:
  const RouterTrace* trace() const;
  int experts() const;
  void rebuildRenderer();

  TimelineContentPtr content_;
  int layer_ = 0;
  ColourMapId colour_map_ = ColourMapId::kViridis;
  std::vector<int> order_;
  QString label_;
  bool interventions_enabled_ = false;
  AsyncTileRenderer renderer_;
};

}  // namespace steerscope::views
