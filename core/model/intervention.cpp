#include "core/model/intervention.h"

#include <sstream>

#include "core/util/error.h"

namespace steerscope {

std::string Intervention::describe() const {
  std::ostringstream os;
  const std::string where = layer < 0 ? "all layers" : "layer " + std::to_string(layer);
  switch (kind) {
    case Kind::kForceExpert: os << "force expert " << expert << " at " << where; break;
    case Kind::kAblateExpert: os << "ablate expert " << expert << " at " << where; break;
    case Kind::kScaleSteering: os << "scale steering x" << scale << " at " << where; break;
  }
  return os.str();
}

Intervention Intervention::parse(const std::string& kind, const std::string& spec) {
  Intervention iv;
  if (kind == "force") iv.kind = Kind::kForceExpert;
  else if (kind == "ablate") iv.kind = Kind::kAblateExpert;
  else if (kind == "scale") iv.kind = Kind::kScaleSteering;
  else throw Error("unknown intervention '" + kind + "' (expected force, ablate or scale)");
  const auto colon = spec.find(':');
  if (colon == std::string::npos)
    throw Error("intervention '" + spec + "': expected LAYER:" + (iv.kind == Kind::kScaleSteering ? "SCALE" : "EXPERT") +
                " (LAYER 0-based or 'all')");
  const std::string l = spec.substr(0, colon), v = spec.substr(colon + 1);
  try {
    size_t pos = 0;
    iv.layer = (l == "all" || l == "*") ? -1 : std::stoi(l, &pos);
    if (l != "all" && l != "*" && (pos != l.size() || iv.layer < 0)) throw std::invalid_argument(l);
    if (iv.kind == Kind::kScaleSteering) {
      iv.scale = std::stof(v, &pos);
    } else {
      iv.expert = std::stoi(v, &pos);
      if (iv.expert < 0) throw std::invalid_argument(v);
    }
    if (pos != v.size()) throw std::invalid_argument(v);
  } catch (const std::exception&) {
    throw Error("intervention '" + spec + "': expected LAYER:" + (iv.kind == Kind::kScaleSteering ? "SCALE" : "EXPERT") +
                " with a non-negative integer layer (or 'all') and a number");
  }
  return iv;
}

}  // namespace steerscope
