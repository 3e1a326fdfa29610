#include "core/util/json_file.h"

#include <fstream>
#include <sstream>

#include "core/util/error.h"

namespace steerscope {

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": invalid JSON: " + e.what());
  }
}

namespace {

const nlohmann::json* find_key(const nlohmann::json& j, const char* key, const std::string& file) {
  if (!j.is_object()) throw Error(file + ": expected a JSON object at the top level");
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void wrong_type(const char* key, const nlohmann::json& v, const char* expected,
                             const std::string& file) {
  throw Error(file + ": key '" + key + "' is " + v.type_name() + ", expected " + expected);
}

}  // namespace

int64_t required_int(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) throw Error(file + ": key '" + key + "' missing");
  if (!v->is_number_integer()) wrong_type(key, *v, "an integer", file);
  return v->get<int64_t>();
}

double required_number(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) throw Error(file + ": key '" + key + "' missing");
  if (!v->is_number()) wrong_type(key, *v, "a number", file);
  return v->get<double>();
}

std::string required_string(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) throw Error(file + ": key '" + key + "' missing");
  if (!v->is_string()) wrong_type(key, *v, "a string", file);
  return v->get<std::string>();
}

int64_t optional_int(const nlohmann::json& j, const char* key, int64_t fallback, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) return fallback;
  if (!v->is_number_integer()) wrong_type(key, *v, "an integer", file);
  return v->get<int64_t>();
}

double optional_number(const nlohmann::json& j, const char* key, double fallback, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) return fallback;
  if (!v->is_number()) wrong_type(key, *v, "a number", file);
  return v->get<double>();
}

bool optional_bool(const nlohmann::json& j, const char* key, bool fallback, const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) return fallback;
  if (!v->is_boolean()) wrong_type(key, *v, "a boolean", file);
  return v->get<bool>();
}

std::string optional_string(const nlohmann::json& j, const char* key, const std::string& fallback,
                            const std::string& file) {
  const auto* v = find_key(j, key, file);
  if (!v) return fallback;
  if (!v->is_string()) wrong_type(key, *v, "a string", file);
  return v->get<std::string>();
}

}  // namespace steerscope
