#include "views/transcript_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace steerscope::views {

namespace {
constexpr int kMargin = 8;
constexpr int kHeadingHeight = 20;
constexpr int kChipPad = 3;
}  // namespace

TranscriptView::TranscriptView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
  heading_ = tr("Transcript");
}

QColor TranscriptView::confidenceColour(double p) {
  const double u = 1.0 - std::clamp(p, 0.0, 1.0);
  // White at p = 1 to a strong red (214, 39, 40) at p = 0; the square root makes mid-range
  // uncertainty already visible.
  const double w = std::sqrt(u);
  auto mix = [w](int target) { return int(std::lround(255.0 + (target - 255.0) * w)); };
  return QColor(mix(214), mix(39), mix(40));
}

void TranscriptView::setContent(TimelineContentPtr content) {
  tokens_.clear();
  timings_.clear();
  reference_.clear();
  heading_ = tr("Transcript");
  if (content && content->record.output) {
    const GeneratedText& out = *content->record.output;
    for (size_t i = 0; i < out.token_ids.size(); ++i) {
      Token t;
      t.id = out.token_ids[i];
      t.logprob = i < out.token_logprobs.size() ? out.token_logprobs[i] : 0.0f;
      if (i < content->token_texts.size()) {
        t.text = QString::fromStdString(content->token_texts[i].text);
        t.special = content->token_texts[i].special;
      }
      tokens_.push_back(t);
    }
    if (out.total_ms > 0 || out.encoder_ms > 0)
      timings_ = tr("encoder %1 ms · first token %2 ms · total %3 ms")
                     .arg(out.encoder_ms, 0, 'f', 0)
                     .arg(out.first_token_ms, 0, 'f', 0)
                     .arg(out.total_ms, 0, 'f', 0);
    if (content->token_texts.empty() && !out.text.empty())
      heading_ = tr("Transcript: %1").arg(QString::fromStdString(out.text));
  } else if (content) {
    heading_ = tr("Transcript: none (the run had no decoder)");
  }
  if (content) reference_ = QString::fromStdString(content->record.reference_text);
  laid_out_width_ = -1;
  updateGeometry();
  update();
}

void TranscriptView::beginStreaming(const QString& heading) {
  tokens_.clear();
  timings_.clear();
  heading_ = heading;
  laid_out_width_ = -1;
  updateGeometry();
  update();
}

void TranscriptView::appendStreamedToken(int64_t id, const QString& text, float logprob, bool special) {
  tokens_.push_back({id, text, logprob, special, {}});
  laid_out_width_ = -1;
  updateGeometry();
  update();
}

QString TranscriptView::tokenDisplayText(const Token& t) const {
  if (t.text.isEmpty()) return QStringLiteral("⟨%1⟩").arg(t.id);
  QString s = t.text;
  s.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
  return s;
}

QString TranscriptView::plainText() const {
  QString s;
  for (const auto& t : tokens_)
    if (!t.special) s += t.text.isEmpty() ? QStringLiteral("⟨%1⟩").arg(t.id) : t.text;
  return s;
}

int TranscriptView::layoutTokens(int width) {
  const QFontMetrics fm(font());
  const int line_h = fm.height() + 2 * kChipPad + 2;
  int x = kMargin, y = kMargin + kHeadingHeight;
  for (auto& t : tokens_) {
    const int w = fm.horizontalAdvance(tokenDisplayText(t)) + 2 * kChipPad;
    if (x + w > width - kMargin && x > kMargin) {
      x = kMargin;
      y += line_h;
    }
    t.box = QRect(x, y, w, line_h - 2);
    x += w + 1;
  }
  int h = y + (tokens_.empty() ? 0 : line_h) + kMargin;
  if (!reference_.isEmpty()) h += fm.height() * 2 + 4;
  laid_out_width_ = width;
  return h;
}

int TranscriptView::heightForWidth(int width) const {
  return const_cast<TranscriptView*>(this)->layoutTokens(width);
}

void TranscriptView::resizeEvent(QResizeEvent*) {
  layoutTokens(width());
}

void TranscriptView::paintEvent(QPaintEvent*) {
  if (laid_out_width_ != width()) layoutTokens(width());
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(palette().color(QPalette::WindowText));
  const QFontMetrics bfm(bold);
  p.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, kHeadingHeight), Qt::AlignLeft | Qt::AlignTop,
             bfm.elidedText(heading_, Qt::ElideRight, width() - 2 * kMargin - 260));
  p.setFont(font());
  if (!timings_.isEmpty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, kHeadingHeight), Qt::AlignRight | Qt::AlignTop,
               timings_);
  }
  int bottom = kMargin + kHeadingHeight;
  for (const auto& t : tokens_) {
    p.fillRect(t.box, confidenceColour(std::exp(double(t.logprob))));
    p.setPen(t.special ? QColor(110, 110, 110) : QColor(30, 30, 30));
    p.drawText(t.box, Qt::AlignCenter, tokenDisplayText(t));
    bottom = std::max(bottom, t.box.bottom());
  }
  if (tokens_.empty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(kMargin, bottom, width(), 20), Qt::AlignLeft | Qt::AlignTop, tr("(no tokens)"));
    bottom += 20;
  }
  if (!reference_.isEmpty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(kMargin, bottom + 6, width() - 2 * kMargin, 40),
               Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, tr("Reference: %1").arg(reference_));
  }
}

int TranscriptView::tokenAt(const QPoint& pos) const {
  for (size_t i = 0; i < tokens_.size(); ++i)
    if (tokens_[i].box.contains(pos)) return int(i);
  return -1;
}

void TranscriptView::mouseMoveEvent(QMouseEvent* event) {
  const int i = tokenAt(event->position().toPoint());
  if (i < 0) {
    emit hoverChanged(QString());
    return;
  }
  const Token& t = tokens_[size_t(i)];
  const QString text = tr("token %1: id %2 %3  log p = %4  p = %5")
                           .arg(i)
                           .arg(t.id)
                           .arg(t.special ? tr("(special) %1").arg(tokenDisplayText(t))
                                          : QStringLiteral("“%1”").arg(tokenDisplayText(t)))
                           .arg(t.logprob, 0, 'f', 3)
                           .arg(std::exp(double(t.logprob)), 0, 'f', 3);
  setToolTip(text);
  emit hoverChanged(text);
}

bool TranscriptView::writeCsv(QTextStream& out, const CsvPreamble& preamble) const {
  if (tokens_.empty()) return false;
  preamble.write(
      out, QStringLiteral("generated tokens"),
      {QStringLiteral("one row per generated token, in order; logprob: natural log of the probability of the "
                      "chosen token"),
       QStringLiteral(
           "under the model's unmodified distribution; text is empty when the token's text is unknown; special: "
           "1 for a special token, whose text is its name and not part of the transcript")});
  out << "index,token_id,text,logprob,probability,special\n";
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    out << i << ',' << t.id << ',' << csvField(t.text) << ',' << QString::number(t.logprob, 'g', 7) << ','
        << QString::number(std::exp(double(t.logprob)), 'g', 7) << ',' << (t.special ? 1 : 0) << '\n';
  }
  return true;
}

}  // namespace steerscope::views
