#pragma once
// Two runs over the same audio side by side on one timeline: two recordings made with two checkpoints,
// or a live run with and without an intervention. From the top: the audio's spectrogram, A's layer
// overview and router heatmap, B's heatmap with its experts reordered onto the A experts they were
// matched to, the per-frame Jensen-Shannon divergence between the two routers at that layer, B's
// overview (coloured in A's expert colours through the matching), and the phone and word tiers. Below:
// the per-layer divergence over all compared utterances (analysis::CheckpointComparison) and the two
// transcripts with their differences.
//
// Matching choices: none (expert indices as they are), by steering vectors (cosine, Hungarian; needs
// both checkpoints' constants), by routing co-occurrence (Hungarian on the joint routing).

#include <QWidget>
#include <memory>

#include "analysis/checkpoint_comparison.h"
#include "views/frame_series_pane.h"
#include "views/layer_overview_pane.h"
#include "views/router_heatmap_pane.h"
#include "views/spectrogram_pane.h"
#include "views/tier_pane.h"
#include "views/time_ruler_pane.h"
#include "views/transcript_diff_view.h"

class QChartView;
class QComboBox;
class QLabel;
class QScrollBar;
class QSpinBox;

namespace steerscope::views {

class ComparisonView : public QWidget {
  Q_OBJECT
 public:
  enum class Matching { kNone, kSteering, kCooccurrence };

  explicit ComparisonView(QWidget* parent = nullptr);

  TimelineModel* timeline() const { return model_; }
  void setPair(TimelineContentPtr a, const QString& label_a, TimelineContentPtr b, const QString& label_b);
  void setComparison(std::shared_ptr<const analysis::CheckpointComparison> comparison);
  std::shared_ptr<const analysis::CheckpointComparison> comparison() const { return comparison_; }
  bool hasPair() const { return a_ && b_; }
  TimelineContentPtr contentA() const { return a_; }
  TimelineContentPtr contentB() const { return b_; }

  void setLayer(int layer);
  int layer() const;
  void setMatching(Matching matching);
  Matching matching() const;
  // The matching applied at a layer: B's expert order[i] is shown on A's row i; empty for none.
  std::vector<int> appliedMatching(int layer) const;
  void setSpectrogramSettings(const SpectrogramSettings& settings);

  QWidget* paneArea() const { return area_; }
  std::vector<TimelinePane*> visiblePanes() const;
  FrameSeriesPane* divergencePane() const { return divergence_; }
  RouterHeatmapPane* heatmapA() const { return heat_a_; }
  RouterHeatmapPane* heatmapB() const { return heat_b_; }
  const TranscriptDiffView* transcriptDiff() const { return diff_; }
  void setSynchronousRendering(bool on);
  void waitForRendering();
  // Per-layer divergence table as CSV.
  bool writeLayerCsv(QTextStream& out, const CsvPreamble& preamble) const;

 signals:
  void hoverChanged(const QString& text);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void applyLayer();
  void rebuildChart();
  void updateScrollBar();

  TimelineModel* model_;
  TimelineContentPtr a_, b_;
  QString label_a_, label_b_;
  std::shared_ptr<const analysis::CheckpointComparison> comparison_;
  QLabel* title_;
  QSpinBox* layer_;
  QComboBox* matching_;
  QWidget* area_;
  TimeRulerPane* ruler_;
  SpectrogramPane* spectrogram_;
  LayerOverviewPane* over_a_;
  RouterHeatmapPane* heat_a_;
  RouterHeatmapPane* heat_b_;
  FrameSeriesPane* divergence_;
  LayerOverviewPane* over_b_;
  TierPane* phones_;
  TierPane* words_;
  QScrollBar* scroll_;
  QChartView* chart_;
  TranscriptDiffView* diff_;
};

}  // namespace steerscope::views
