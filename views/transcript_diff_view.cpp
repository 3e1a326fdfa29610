#include "views/transcript_diff_view.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "analysis/transcript_tokens.h"

namespace steerscope::views {

TranscriptDiffView::TranscriptDiffView(QWidget* parent) : QWidget(parent) {
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  text_ = new QTextBrowser(this);
  text_->setOpenLinks(false);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(summary_);
  layout->addWidget(text_, 1);
  clear();
}

std::vector<std::string> TranscriptDiffView::comparisonTokens(const TimelineContent& content) {
  if (!content.record.output) return {};
  const GeneratedText& out = *content.record.output;
  if (!out.text.empty()) return analysis::word_tokens(out.text);
  std::vector<std::string> ids;
  for (int64_t id : out.token_ids) ids.push_back("⟨" + std::to_string(id) + "⟩");
  return ids;
}

void TranscriptDiffView::clear() {
  alignment_ = {};
  summary_->setText(tr("No transcripts to compare."));
  text_->clear();
}

void TranscriptDiffView::setTranscripts(const QString& label_a, std::vector<std::string> a,
                                        const QString& label_b, std::vector<std::string> b) {
  alignment_ = analysis::align_tokens(a, b);
  const auto& c = alignment_.counts;
  if (c.errors() == 0) {
    summary_->setText(tr("%1 and %2 produced the same %3 tokens.").arg(label_a, label_b).arg(c.hits));
  } else {
    summary_->setText(tr("%1 against %2: %3 substitutions, %4 deletions, %5 insertions (rate %6%)")
                          .arg(label_b, label_a)
                          .arg(c.substitutions)
                          .arg(c.deletions)
                          .arg(c.insertions)
                          .arg(100.0 * c.rate(), 0, 'f', 1));
  }
  text_->setHtml(html());
}

QString TranscriptDiffView::html() const {
  QString h = QStringLiteral("<p style='line-height:150%'>");
  for (const auto& t : alignment_.tokens) {
    const QString ref = QString::fromStdString(t.reference).toHtmlEscaped();
    const QString hyp = QString::fromStdString(t.hypothesis).toHtmlEscaped();
    switch (t.op) {
      case analysis::EditOp::kHit:
        h += ref + QLatin1Char(' ');
        break;
      case analysis::EditOp::kSubstitution:
        h += QStringLiteral(
                 "<span style='background:#fde0dc;text-decoration:line-through'>%1</span>&#8202;→&#8202;"
                 "<span style='background:#d7f5dd'>%2</span> ")
                 .arg(ref, hyp);
        break;
      case analysis::EditOp::kDeletion:
        h += QStringLiteral(
                 "<span style='background:#fde0dc;color:#b71c1c;text-decoration:line-through'>%1</span> ")
                 .arg(ref);
        break;
      case analysis::EditOp::kInsertion:
        h += QStringLiteral("<span style='background:#d7f5dd;color:#1b5e20'>%1</span> ").arg(hyp);
        break;
    }
  }
  return h + QStringLiteral("</p>");
}

}  // namespace steerscope::views
