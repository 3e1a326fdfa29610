#pragma once
// The main timeline: a column of panes over one utterance, all following one TimelineModel, with a
// scroll bar for the model's view. From the top: time ruler, waveform (when the source audio is
// readable), spectrogram or encoder log-mel, the all-layers overview, the current layer's router
// heatmap, the layer's steering strength, and the phone, word and speaker tiers. Pane visibility can be
// switched per pane; the waveform hides itself without audio.
//
// Every pane's hover readout is relayed as hoverChanged, extended with the phone, word and speaker
// under the pointer.

#include <QWidget>
#include <vector>

#include "views/frame_series_pane.h"
#include "views/layer_overview_pane.h"
#include "views/router_heatmap_pane.h"
#include "views/spectrogram_pane.h"
#include "views/tier_pane.h"
#include "views/time_ruler_pane.h"
#include "views/timeline_content.h"
#include "views/waveform_pane.h"

class QScrollBar;

namespace steerscope::views {

enum class PaneKind { kWaveform, kSpectrogram, kOverview, kHeatmap, kSteering, kPhones, kWords, kSpeakers };

class TimelineStack : public QWidget {
  Q_OBJECT
 public:
  explicit TimelineStack(TimelineModel* model, QWidget* parent = nullptr);

  TimelineModel* timeline() const { return model_; }
  // Shows an utterance; keeps the zoom when the new content is as long as the old, else fits it.
  void setContent(TimelineContentPtr content);
  TimelineContentPtr content() const { return content_; }
  void setIncludePadding(bool on);
  bool includePadding() const { return include_padding_; }

  void setLayer(int layer);
  int layer() const { return layer_; }
  void setSpectrogramSettings(const SpectrogramSettings& settings);
  const SpectrogramSettings& spectrogramSettings() const { return spectrogram_->settings(); }
  void setRouterColourMap(ColourMapId id);
  ColourMapId routerColourMap() const { return heatmap_->colourMap(); }
  void setInterventionsEnabled(bool on) { heatmap_->setInterventionsEnabled(on); }

  void setPaneVisible(PaneKind kind, bool visible);
  bool isPaneVisible(PaneKind kind) const;
  TimelinePane* pane(PaneKind kind) const;
  // The panes currently shown, top to bottom (the ruler included).
  std::vector<TimelinePane*> visiblePanes() const;
  // The widget holding the panes (what image exports draw).
  QWidget* paneArea() const { return area_; }

  WaveformPane* waveformPane() const { return waveform_; }
  SpectrogramPane* spectrogramPane() const { return spectrogram_; }
  RouterHeatmapPane* heatmapPane() const { return heatmap_; }
  LayerOverviewPane* overviewPane() const { return overview_; }

  // Render tiles inline (exports, screenshots, tests) instead of in the background.
  void setSynchronousRendering(bool on);
  // Blocks until background tile rendering has caught up.
  void waitForRendering();

  // "phone AH0 (vowel)  word hello  speaker spk1" at time t.
  QString contextAt(double t) const;

 signals:
  void hoverChanged(const QString& text);
  void layerChanged(int layer);
  void spectrogramSettingsChanged(const steerscope::views::SpectrogramSettings& settings);
  void interventionRequested(const steerscope::views::InterventionRequest& request);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updateScrollBar();
  void updateSteeringSeries();
  void updateVisibility();
  std::vector<TimelinePane*> allPanes() const;

  TimelineModel* model_;
  TimelineContentPtr content_;
  bool include_padding_ = false;
  int layer_ = 0;
  QWidget* area_;
  TimeRulerPane* ruler_;
  WaveformPane* waveform_;
  SpectrogramPane* spectrogram_;
  LayerOverviewPane* overview_;
  RouterHeatmapPane* heatmap_;
  FrameSeriesPane* steering_;
  TierPane* phones_;
  TierPane* words_;
  TierPane* speakers_;
  QScrollBar* scroll_;
  std::vector<bool> wanted_;  // by PaneKind
};

}  // namespace steerscope::views
