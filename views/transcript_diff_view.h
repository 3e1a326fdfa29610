#pragma once
// Two transcripts of the same audio (two checkpoints, or a run with and without an intervention) aligned
// word by word with the analysis library's minimum-edit alignment (analysis/edit_alignment.h): hits in
// plain text, substitutions as A's word struck through followed by B's, deletions struck through in red,
// insertions in green, and the error counts of B against A on top. Transcripts without text (a decoder
// without a tokenizer) are compared as token-id sequences.

#include <QWidget>
#include <string>
#include <vector>

#include "analysis/edit_alignment.h"
#include "views/timeline_content.h"

class QLabel;
class QTextBrowser;

namespace steerscope::views {

class TranscriptDiffView : public QWidget {
  Q_OBJECT
 public:
  explicit TranscriptDiffView(QWidget* parent = nullptr);

  // The tokens a transcript is compared by: its words when it has text, else its ids as "⟨id⟩".
  static std::vector<std::string> comparisonTokens(const TimelineContent& content);

  void setTranscripts(const QString& label_a, std::vector<std::string> a, const QString& label_b,
                      std::vector<std::string> b);
  void clear();
  const analysis::EditAlignment& alignment() const { return alignment_; }
  QString html() const;

 private:
  analysis::EditAlignment alignment_;
  QLabel* summary_;
  QTextBrowser* text_;
};

}  // namespace steerscope::views
