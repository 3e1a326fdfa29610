#pragma once
// An intervention the user asked for from a router pane's context menu, in the workbench's terms. The
// app turns it into core's Intervention (core/model/intervention.h) for the live engine; views stay free
// of the model libraries.

#include <QString>

namespace steerscope::views {

struct InterventionRequest {
  enum class Kind { kForceExpert, kAblateExpert, kScaleSteering };
  Kind kind = Kind::kAblateExpert;
  int layer = -1;  // 0-based; -1 = every layer
  int expert = 0;
  double scale = 1.0;

  QString describe() const;  // translated: "ablate expert 3 at layer 5"
  bool operator==(const InterventionRequest& o) const {
    return kind == o.kind && layer == o.layer && expert == o.expert && scale == o.scale;
  }
};

}  // namespace steerscope::views
