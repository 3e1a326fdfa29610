#pragma once
// Interventions on the steering, applied at the router hook points of a run (the weights stay untouched):
//   force expert e at layer l      probs := one-hot(e)
//   ablate expert e at layer l     probs[:, e] := 0, the rest renormalised to sum 1 (all zero if nothing is left)
//   scale layer l's steering by s  delta := s * delta (s = 0 removes the layer's steering)
// layer -1 means every layer. Layers are 0-based, like the hook names.

#include <string>
#include <vector>

namespace steerscope {

struct Intervention {
  enum class Kind { kForceExpert, kAblateExpert, kScaleSteering };
  Kind kind = Kind::kAblateExpert;
  int layer = -1;
  int expert = 0;      // force/ablate
  float scale = 1.0f;  // scale

  bool applies_to(int l) const { return layer < 0 || layer == l; }
  std::string describe() const;  // "ablate expert 3 at layer 5", "scale steering x0 at all layers"

  // CLI syntax: kind is "force", "ablate" or "scale"; spec is "L:E" (force/ablate) or "L:S" (scale), where
  // L is a 0-based layer or "all". Throws Error on malformed input.
  static Intervention parse(const std::string& kind, const std::string& spec);
};

using InterventionSet = std::vector<Intervention>;

}  // namespace steerscope
