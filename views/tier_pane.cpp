#include "views/tier_pane.h"

#include <QHash>
#include <QPainter>
#include <algorithm>
#include <functional>

#include "analysis/phone_class.h"

namespace steerscope::views {

TierPane::TierPane(TimelineModel* model, std::string tier, QWidget* parent)
    : TimelinePane(model, parent), tier_(std::move(tier)) {
  setFixedHeight(30);
  if (tier_ == "phones") tint_ = Tint::kPhoneClass;
  if (tier_ == "speakers") tint_ = Tint::kLabel;
}

void TierPane::setContent(TimelineContentPtr content) {
  content_ = std::move(content);
  update();
}

void TierPane::setTint(Tint tint) {
  tint_ = tint;
  update();
}

QString TierPane::title() const {
  if (tier_ == "phones") return tr("Phones");
  if (tier_ == "words") return tr("Words");
  if (tier_ == "speakers") return tr("Speakers");
  return QString::fromStdString(tier_);
}

QColor TierPane::tintFor(const std::string& label) const {
  switch (tint_) {
    case Tint::kNone:
      return QColor(236, 240, 246);
    case Tint::kPhoneClass:
      switch (analysis::classify_phone(label)) {
        case analysis::PhoneClass::kVowel:
          return QColor(255, 224, 178);
        case analysis::PhoneClass::kPlosive:
          return QColor(197, 225, 255);
        case analysis::PhoneClass::kAffricate:
          return QColor(209, 196, 233);
        case analysis::PhoneClass::kFricative:
          return QColor(200, 230, 201);
        case analysis::PhoneClass::kNasal:
          return QColor(248, 187, 208);
        case analysis::PhoneClass::kApproximant:
          return QColor(255, 249, 196);
        case analysis::PhoneClass::kTapTrill:
          return QColor(178, 235, 242);
        case analysis::PhoneClass::kSilence:
          return QColor(245, 245, 245);
        case analysis::PhoneClass::kOther:
          return QColor(224, 224, 224);
      }
      break;
    case Tint::kLabel: {
      static const QRgb kSoft[] = {0xFFE0B2, 0xC5E1FF, 0xC8E6C9, 0xF8BBD0,
                                   0xD1C4E9, 0xFFF9C4, 0xB2EBF2, 0xD7CCC8};
      return QColor::fromRgb(kSoft[std::hash<std::string>{}(label) % 8]);
    }
  }
  return QColor(236, 240, 246);
}

void TierPane::paintContent(QPainter& painter, const QRect& content) {
  const AlignmentTier* tier = content_ ? content_->tier(tier_) : nullptr;
  if (!tier) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(content.adjusted(6, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                     tr("no %1 tier in this recording").arg(title()));
    return;
  }
  const auto& items = tier->items;
  const double t0 = timeline()->startTime(), t1 = timeline()->endTime();
  // Items are sorted by start; begin a little before the first that starts in view (overlaps).
  auto first = std::lower_bound(items.begin(), items.end(), t0,
                                [](const AlignmentItem& item, double v) { return item.start_s < v; });
  while (first != items.begin() && std::prev(first)->end_s > t0) --first;
  size_t visible = 0;
  for (auto it = first; it != items.end() && it->start_s < t1; ++it) ++visible;
  const bool dense = double(visible) > content.width() / 3.0;
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 0.85);
  painter.setFont(f);
  const QFontMetrics fm(f);
  // Text layout is the expensive part of a dense tier: labels are measured once per distinct label and
  // drawn only where they fit whole (an elided "…" says nothing about a phone anyway).
  QHash<QString, int> widths;
  const double baseline = content.top() + (content.height() + fm.ascent() - fm.descent()) / 2.0;
  QVector<QLineF> boundaries;
  for (auto it = first; it != items.end() && it->start_s < t1; ++it) {
    const double x0 = widgetXAtTime(it->start_s), x1 = widgetXAtTime(it->end_s);
    if (tier->kind == AlignmentTier::Kind::kPoint) {
      boundaries.append(QLineF(x0, content.top() + 4, x0, content.bottom()));
      if (!dense) {
        painter.setPen(QColor(30, 30, 30));
        painter.drawText(QPointF(x0 + 3, content.top() + 13), QString::fromStdString(it->label));
      }
      continue;
    }
    if (!dense)
      painter.fillRect(QRectF(x0, content.top() + 1, std::max(1.0, x1 - x0), content.height() - 2),
                       tintFor(it->label));
    boundaries.append(QLineF(x0, content.top(), x0, content.bottom()));
    if (!dense && x1 - x0 > 8) {
      const QString label = QString::fromStdString(it->label);
      auto w = widths.find(label);
      if (w == widths.end()) w = widths.insert(label, fm.horizontalAdvance(label));
      if (w.value() + 4 <= x1 - x0) {
        painter.setPen(QColor(30, 30, 30));
        painter.drawText(QPointF((x0 + x1 - w.value()) / 2.0, baseline), label);
      }
    }
  }
  painter.setPen(QColor(120, 120, 120));
  painter.drawLines(boundaries);
  if (dense) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(content.adjusted(6, 0, 0, 0), Qt::AlignBottom | Qt::AlignLeft,
                     tr("%1 intervals: zoom in to read them").arg(visible));
  }
}

QString TierPane::describeAt(const QPoint& pos) const {
  if (!contentRect().contains(pos) || !content_) return TimelinePane::describeAt(pos);
  const double t = timeAtWidgetX(pos.x() + 0.5);
  const AlignmentTier* tier = content_->tier(tier_);
  if (!tier) return TimelinePane::describeAt(pos);
  for (const auto& item : tier->items) {
    if (t >= item.start_s && t < item.end_s) {
      QString text = tr("%1 s  %2 “%3”  %4–%5 s (%6 ms)")
                         .arg(t, 0, 'f', 3)
                         .arg(title())
                         .arg(QString::fromStdString(item.label))
                         .arg(item.start_s, 0, 'f', 3)
                         .arg(item.end_s, 0, 'f', 3)
                         .arg((item.end_s - item.start_s) * 1000.0, 0, 'f', 0);
      if (tint_ == Tint::kPhoneClass)
        text += QStringLiteral("  ") +
                QString::fromLatin1(analysis::phone_class_name(analysis::classify_phone(item.label)));
      return text;
    }
  }
  return TimelinePane::describeAt(pos);
}

bool TierPane::writeCsv(QTextStream& out, const TimeRange& range, const CsvPreamble& preamble) const {
  const AlignmentTier* tier = content_ ? content_->tier(tier_) : nullptr;
  if (!tier) return false;
  preamble.write(
      out, QStringLiteral("tier %1").arg(QString::fromStdString(tier_)),
      {QStringLiteral(
           "%1 tier; intervals overlapping the exported range, times in seconds from the start of the audio")
           .arg(tier->kind == AlignmentTier::Kind::kPoint ? QStringLiteral("point")
                                                          : QStringLiteral("interval"))});
  out << "start_s,end_s,label";
  if (tint_ == Tint::kPhoneClass) out << ",phone_class";
  out << '\n';
  for (const auto& item : tier->items) {
    if (item.end_s < range.start_s || item.start_s > range.end_s) continue;
    out << QString::number(item.start_s, 'f', 4) << ',' << QString::number(item.end_s, 'f', 4) << ','
        << csvField(QString::fromStdString(item.label));
    if (tint_ == Tint::kPhoneClass)
      out << ',' << analysis::phone_class_name(analysis::classify_phone(item.label));
    out << '\n';
  }
  return true;
}

}  // namespace steerscope::views
