#pragma once
// Label strings <-> dense ids, assigned in order of first appearance so that tables can grow while a
// corpus streams past. Ids are stable for the lifetime of the vocabulary.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace steerscope::analysis {

class LabelVocabulary {
 public:
  int32_t id(const std::string& label);          // adds the label if new
  int32_t find(const std::string& label) const;  // -1 if unknown
  const std::string& name(int32_t id) const { return names_.at(size_t(id)); }
  const std::vector<std::string>& names() const { return names_; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }

 private:
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> names_;
};

}  // namespace steerscope::analysis
