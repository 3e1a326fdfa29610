#include "core/model/hook_registry.h"

#include "core/util/error.h"

namespace steerscope {

std::string HookRegistry::name(HookPoint point, int layer) {
  const std::string l = "encoder.layer." + std::to_string(layer) + ".";
  switch (point) {
    case HookPoint::kLayerOutput: return l + "output";
    case HookPoint::kRouterLogits: return l + "router.logits";
    case HookPoint::kRouterProbs: return l + "router.probs";
    case HookPoint::kSteeringDelta: return l + "steering.delta";
    case HookPoint::kSteeringDeltaNorm: return l + "steering.delta_norm";
    case HookPoint::kPooled: return "encoder.pooled";
    case HookPoint::kEncoderOutput: return "encoder.output";
    case HookPoint::kAudioPrompts: return "encoder.audio_prompts";
  }
  return "";
}

std::string HookEvent::name() const { return HookRegistry::name(point, layer); }

bool HookRegistry::matches(const std::string& pattern, const std::string& name) {
  // Glob with '*' only; iterative with backtracking to the last star.
  size_t p = 0, n = 0, star = std::string::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

int HookRegistry::subscribe(const std::string& pattern, Callback callback) {
  if (pattern.rfind("encoder.", 0) != 0 && pattern.rfind("*", 0) != 0)
    throw Error("hook pattern '" + pattern + "' matches no hook point (names start with 'encoder.')");
  subs_.push_back({next_id_, pattern, std::move(callback)});
  return next_id_++;
}

void HookRegistry::unsubscribe(int id) {
  for (auto it = subs_.begin(); it != subs_.end(); ++it)
    if (it->id == id) {
      subs_.erase(it);
      return;
    }
}

bool HookRegistry::active(HookPoint point, int layer) const {
  if (subs_.empty()) return false;
  const std::string n = name(point, layer);
  for (const auto& s : subs_)
    if (matches(s.pattern, n)) return true;
  return false;
}

void HookRegistry::emit(HookPoint point, int layer, int window, const torch::Tensor& value) const {
  if (subs_.empty()) return;
  const std::string n = name(point, layer);
  HookEvent ev{point, layer, window, value};
  for (const auto& s : subs_)
    if (matches(s.pattern, n)) s.callback(ev);
}

}  // namespace steerscope
