#include "core/model/generation_settings.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/model/decoder_config.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace steerscope {

GenerationSettings GenerationSettings::from_model_dir(const std::string& dir, const DecoderConfig& decoder) {
  GenerationSettings s;
  s.stop_token_ids = decoder.eos_token_ids;
  const auto path = std::filesystem::path(dir) / "generation_config.json";
  if (!std::filesystem::exists(path)) return s;
  const std::string f = path.string();
  const auto j = read_json_file(f);
  s.do_sample = optional_bool(j, "do_sample", s.do_sample, f);
  s.temperature = optional_number(j, "temperature", s.temperature, f);
  s.top_k = static_cast<int>(optional_int(j, "top_k", s.top_k, f));
  s.top_p = optional_number(j, "top_p", s.top_p, f);
  s.repetition_penalty = optional_number(j, "repetition_penalty", s.repetition_penalty, f);
  s.max_new_tokens = static_cast<int>(optional_int(j, "max_new_tokens", s.max_new_tokens, f));
  if (j.contains("eos_token_id") && !j["eos_token_id"].is_null()) {
    s.stop_token_ids.clear();
    const auto& e = j["eos_token_id"];
    if (e.is_number_integer()) s.stop_token_ids.push_back(e.get<int64_t>());
    else if (e.is_array())
      for (const auto& v : e) {
        if (!v.is_number_integer()) throw Error(f + ": eos_token_id list holds a non-integer");
        s.stop_token_ids.push_back(v.get<int64_t>());
      }
    else throw Error(f + ": eos_token_id must be an integer or a list of integers");
  }
  try {
    s.validate();
  } catch (const Error& e) {
    throw Error(f + ": " + e.what());
  }
  return s;
}

void GenerationSettings::validate() const {
  if (do_sample && !(temperature > 0)) throw Error("temperature must be > 0 when sampling, got " + std::to_string(temperature));
  if (top_k < 0) throw Error("top_k must be >= 0, got " + std::to_string(top_k));
  if (!(top_p > 0 && top_p <= 1)) throw Error("top_p must be in (0, 1], got " + std::to_string(top_p));
  if (!(repetition_penalty > 0)) throw Error("repetition_penalty must be > 0, got " + std::to_string(repetition_penalty));
  if (max_new_tokens < 0) throw Error("max_new_tokens must be >= 0, got " + std::to_string(max_new_tokens));
}

std::string GenerationSettings::to_json() const {
  nlohmann::json j = {{"do_sample", do_sample},
                      {"temperature", temperature},
                      {"top_k", top_k},
                      {"top_p", top_p},
                      {"repetition_penalty", repetition_penalty},
                      {"penalty_includes_prompt", penalty_includes_prompt},
                      {"max_new_tokens", max_new_tokens},
                      {"stop_token_ids", stop_token_ids},
                      {"seed", seed}};
  return j.dump();
}

std::string GenerationSettings::describe() const {
  std::ostringstream os;
  if (!do_sample) os << "greedy";
  else os << "sample T=" << temperature << " top-k=" << top_k << " top-p=" << top_p << " seed=" << seed;
  if (repetition_penalty != 1.0) os << " rep=" << repetition_penalty;
  os << ", max " << max_new_tokens << " new tokens";
  return os.str();
}

}  // namespace steerscope
