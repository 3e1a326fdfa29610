#include "views/intervention_request.h"

#include <QCoreApplication>

namespace steerscope::views {

QString InterventionRequest::describe() const {
  const QString where =
      layer < 0
          ? QCoreApplication::translate("steerscope::views::InterventionRequest", "all layers")
          : QCoreApplication::translate("steerscope::views::InterventionRequest", "layer %1").arg(layer);
  switch (kind) {
    case Kind::kForceExpert:
      return QCoreApplication::translate("steerscope::views::InterventionRequest", "force expert %1 at %2")
          .arg(expert)
          .arg(where);
    case Kind::kAblateExpert:
      return QCoreApplication::translate("steerscope::views::InterventionRequest", "ablate expert %1 at %2")
          .arg(expert)
          .arg(where);
    case Kind::kScaleSteering:
      return QCoreApplication::translate("steerscope::views::InterventionRequest", "scale steering ×%1 at %2")
          .arg(scale, 0, 'g', 3)
          .arg(where);
  }
  return QString();
}

}  // namespace steerscope::views
