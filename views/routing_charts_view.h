#pragma once
// Charts of a recording's routing (Qt Charts), drawn from analysis::CorpusAnalysis (document_analysis.h):
//  - load and entropy: per layer, the mean probability of each expert (stacked) and the router's mean
//    per-frame entropy and entropy of the mean load, both divided by ln E;
//  - experts × phone classes and experts × speakers: for the chosen layer, P(expert | label) (each
//    column is a label's distribution over the experts; analysis ContingencySummary::expert_distribution,
//    soft table); clicking a cell asks for the matching frames to be selected on the timeline;
//  - specialisation: the NMI between the dominant expert and the phone class, phone and speaker, by layer;
//  - top phones: for the chosen layer and expert, the phones most often under its dominant frames, with
//    their share P(phone | expert) and lift.

#include <QWidget>
#include <memory>

#include "analysis/corpus_analysis.h"
#include "views/csv_preamble.h"

class QChartView;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTabWidget;

namespace steerscope::views {

class MatrixHeatmapView;

class RoutingChartsView : public QWidget {
  Q_OBJECT
 public:
  enum class Page { kLoad, kPhoneClasses, kSpeakers, kSpecialisation, kTopPhones };

  explicit RoutingChartsView(QWidget* parent = nullptr);

  void setAnalysis(std::shared_ptr<const analysis::CorpusAnalysis> analysis);
  std::shared_ptr<const analysis::CorpusAnalysis> analysis() const { return analysis_; }
  // Shows a message instead of the charts ("Analysing…", an error).
  void showMessage(const QString& message);

  void setLayer(int layer);
  int layer() const;
  void setExpert(int expert);
  int expert() const;
  void setPage(Page page);
  Page page() const;
  QWidget* currentPage() const;
  MatrixHeatmapView* phoneClassMatrix() const { return phone_classes_; }
  MatrixHeatmapView* speakerMatrix() const { return speakers_; }

  // Analysis tables as CSV (self-describing headers); false without an analysis.
  bool writeRoutingCsv(QTextStream& out, const CsvPreamble& preamble) const;
  bool writeAssociationCsv(QTextStream& out, int labelling, const CsvPreamble& preamble) const;

 signals:
  // A matrix cell was clicked: select the frames of `layer` where `expert` dominates and the label
  // (of the labelling, document_analysis.h LabellingIndex) is `label`.
  void cellActivated(int layer, int expert, int labelling, const QString& label);
  void hoverChanged(const QString& text);
  void layerChanged(int layer);

 private:
  void rebuild();
  void rebuildLoad();
  void rebuildMatrices();
  void rebuildSpecialisation();
  void rebuildTopPhones();

  std::shared_ptr<const analysis::CorpusAnalysis> analysis_;
  QStackedWidget* stack_;
  QLabel* message_;
  QTabWidget* tabs_;
  QSpinBox* layer_;
  QSpinBox* expert_;
  QChartView* load_;
  MatrixHeatmapView* phone_classes_;
  MatrixHeatmapView* speakers_;
  QChartView* nmi_;
  QChartView* top_;
};

}  // namespace steerscope::views
