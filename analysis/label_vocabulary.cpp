#include "analysis/label_vocabulary.h"

namespace steerscope::analysis {

int32_t LabelVocabulary::id(const std::string& label) {
  auto [it, inserted] = ids_.emplace(label, static_cast<int32_t>(names_.size()));
  if (inserted) names_.push_back(label);
  return it->second;
}

int32_t LabelVocabulary::find(const std::string& label) const {
  auto it = ids_.find(label);
  return it == ids_.end() ? -1 : it->second;
}

}  // namespace steerscope::analysis
