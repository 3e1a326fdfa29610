#include "core/text/pre_tokenizer.h"

#include <utility>

#include "core/util/error.h"

namespace steerscope {

namespace {

std::string type_of(const nlohmann::json& j, const std::string& file, const std::string& where) {
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    throw Error(file + ": " + where + " has no \"type\"");
  return j["type"].get<std::string>();
}

bool bool_field(const nlohmann::json& j, const char* key, bool fallback, const std::string& file,
                const std::string& where) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean())
    throw Error(file + ": " + where + "." + key + " is " + it->type_name() + ", expected a boolean");
  return it->get<bool>();
}

PcreRegex compile(const std::string& pattern, PcreRegex::Syntax syntax, const std::string& file,
                  const std::string& where) {
  try {
    return PcreRegex(pattern, syntax);
  } catch (const Error& e) {
    throw Error(file + ": " + where + ": " + e.what());
  }
}

}  // namespace

PreTokenizer PreTokenizer::from_json(const nlohmann::json& j, const std::string& file) {
  if (j.is_null())
    throw Error(file + ": pre_tokenizer is null; byte-level BPE needs a ByteLevel pre-tokenizer");
  std::vector<std::pair<const nlohmann::json*, std::string>> steps;  // (step, where it is for messages)
  if (type_of(j, file, "pre_tokenizer") == "Sequence") {
    const auto it = j.find("pretokenizers");
    if (it == j.end() || !it->is_array())
      throw Error(file + ": pre_tokenizer (Sequence) has no \"pretokenizers\" array");
    for (size_t i = 0; i < it->size(); ++i)
      steps.emplace_back(&(*it)[i], "pre_tokenizer.pretokenizers[" + std::to_string(i) + "]");
  } else {
    steps.emplace_back(&j, "pre_tokenizer");
  }

  PreTokenizer p;
  bool byte_level_seen = false;
  for (const auto& [step, where] : steps) {
    const std::string type = type_of(*step, file, where);
    if (byte_level_seen)
      throw Error(file + ": " + where + " (" + type + ") comes after ByteLevel, which must be the last step");
    if (type == "Split") {
      const std::string behavior = step->value("behavior", std::string());
      if (behavior != "Isolated")
        throw Error(file + ": " + where + " Split behavior '" + behavior +
                    "' is not supported (only Isolated)");
      if (bool_field(*step, "invert", false, file, where))
        throw Error(file + ": " + where + " Split with invert true is not supported");
      const auto pat = step->find("pattern");
      if (pat == step->end() || !pat->is_object())
        throw Error(file + ": " + where + " Split has no \"pattern\" object");
      if (pat->contains("Regex") && (*pat)["Regex"].is_string()) {
        p.splits_.push_back(compile((*pat)["Regex"].get<std::string>(), PcreRegex::Syntax::kRegex, file,
                                    where + ".pattern.Regex"));
      } else if (pat->contains("String") && (*pat)["String"].is_string()) {
        p.splits_.push_back(compile((*pat)["String"].get<std::string>(), PcreRegex::Syntax::kLiteral, file,
                                    where + ".pattern.String"));
      } else {
        throw Error(file + ": " + where + ".pattern has neither a \"Regex\" nor a \"String\" string");
      }
    } else if (type == "ByteLevel") {
      byte_level_seen = true;
      p.splits_before_byte_level_ = p.splits_.size();
      p.add_prefix_space_ = bool_field(*step, "add_prefix_space", false, file, where);
      if (bool_field(*step, "use_regex", true, file, where))
        p.splits_.push_back(
            compile(kGpt2Pattern, PcreRegex::Syntax::kRegex, file, where + " (GPT-2 pattern)"));
    } else {
      throw Error(file + ": " + where + " type '" + type +
                  "' is not supported (byte-level BPE needs Split and ByteLevel pre-tokenizers)");
    }
  }
  if (!byte_level_seen)
    throw Error(file + ": pre_tokenizer has no ByteLevel step; only byte-level BPE tokenizers are supported");
  return p;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& words,
                         std::deque<std::string>& storage) const {
  std::vector<std::string_view> current{text}, next;
  std::vector<std::pair<size_t, size_t>> matches;
  for (size_t s = 0; s <= splits_.size(); ++s) {
    if (s == splits_before_byte_level_ && add_prefix_space_) {
      for (auto& piece : current) {
        if (piece.empty() || piece.front() == ' ') continue;
        storage.push_back(" " + std::string(piece));
        piece = storage.back();
      }
    }
    if (s == splits_.size()) break;
    next.clear();
    for (std::string_view piece : current) {
      matches.clear();
      splits_[s].find_all(piece, matches);
      size_t prev = 0;
      for (const auto& [b, e] : matches) {
        if (b > prev) next.push_back(piece.substr(prev, b - prev));
        next.push_back(piece.substr(b, e - b));
        prev = e;
      }
      if (prev < piece.size()) next.push_back(piece.substr(prev));
    }
    std::swap(current, next);
  }
  for (std::string_view w : current)
    if (!w.empty()) words.push_back(w);
}

}  // namespace steerscope
