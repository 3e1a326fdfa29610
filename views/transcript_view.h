#pragma once
// The decoder's output for the utterance, token by token, each token's background coloured by the
// probability the model gave it (exp of the recorded log-probability: white = certain, deepening red =
// unlikely), with the exact values on hover, the reference text below when the recording has one, and
// the run's timings. Token texts come from the live run (or a tokenizer); without them a token shows its
// id.

#include <QWidget>
#include <optional>

#include "views/csv_preamble.h"
#include "views/timeline_content.h"

namespace steerscope::views {

class TranscriptView : public QWidget {
  Q_OBJECT
 public:
  explicit TranscriptView(QWidget* parent = nullptr);

  void setContent(TimelineContentPtr content);
  // Streaming: a live run appends tokens as they come; finish with setContent() of the final record.
  void beginStreaming(const QString& heading);
  // text: what the token completes, or a special token's content (special = true).
  void appendStreamedToken(int64_t id, const QString& text, float logprob, bool special = false);

  int tokenCount() const { return int(tokens_.size()); }
  QString plainText() const;
  // Index of the token at a widget position, or -1.
  int tokenAt(const QPoint& pos) const;
  bool writeCsv(QTextStream& out, const CsvPreamble& preamble) const;

  // Background colour for a token of probability p.
  static QColor confidenceColour(double p);

  QSize sizeHint() const override { return {600, 90}; }
  QSize minimumSizeHint() const override { return {200, 40}; }
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;

 signals:
  void hoverChanged(const QString& text);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  struct Token {
    int64_t id = 0;
    QString text;
    float logprob = 0.0f;
    bool special = false;  // text is a special token's content, not part of the transcript
    QRect box;
  };
  int layoutTokens(int width);  // returns the height needed
  QString tokenDisplayText(const Token& t) const;

  QString heading_;
  QString timings_;
  QString reference_;
  std::vector<Token> tokens_;
  int laid_out_width_ = -1;
};

}  // namespace steerscope::views
