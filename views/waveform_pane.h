#pragma once
// The waveform of the utterance's source audio: per pixel column, the extremes of the samples under it
// (waveform_summary.h), so any zoom draws in O(width). Hidden by the stack when there is no audio.

#include "views/source_audio.h"
#include "views/timeline_pane.h"

namespace steerscope::views {

class WaveformPane : public TimelinePane {
  Q_OBJECT
 public:
  explicit WaveformPane(TimelineModel* model, QWidget* parent = nullptr);
  void setAudio(std::shared_ptr<const SourceAudio> audio);
  const SourceAudio* audio() const { return audio_.get(); }

  QString title() const override { return tr("Waveform"); }
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 80}; }

  // Extremes of the samples under content column x (relative to the content's left edge).
  SampleExtremes columnExtremes(int x) const;

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;

 private:
  std::shared_ptr<const SourceAudio> audio_;
};

}  // namespace steerscope::views
