#pragma once
// An alignment tier (phones, words, speakers, or any imported tier) as labelled intervals on the
// timeline, like a Praat TextGrid tier. Phones are tinted by phone class (analysis/phone_class.h:
// vowels, plosives, fricatives, ...), speakers by speaker, so that routing can be read against them.
// Point tiers draw a mark per point. When intervals get narrower than a few pixels, only boundaries are
// drawn.

#include <string>

#include "views/timeline_content.h"
#include "views/timeline_pane.h"

namespace steerscope::views {

class TierPane : public TimelinePane {
  Q_OBJECT
 public:
  enum class Tint { kNone, kPhoneClass, kLabel };

  TierPane(TimelineModel* model, std::string tier, QWidget* parent = nullptr);
  void setContent(TimelineContentPtr content);
  const std::string& tierName() const { return tier_; }
  bool hasTier() const { return content_ && content_->tier(tier_) != nullptr; }
  void setTint(Tint tint);

  QString title() const override;
  QString describeAt(const QPoint& pos) const override;
  bool writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const override;
  QSize sizeHint() const override { return {400, 28}; }

  // Colour of an interval with this label under the pane's tint.
  QColor tintFor(const std::string& label) const;

 protected:
  void paintContent(QPainter& painter, const QRect& content) override;

 private:
  std::string tier_;
  TimelineContentPtr content_;
  Tint tint_ = Tint::kNone;
};

}  // namespace steerscope::views
