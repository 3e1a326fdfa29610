#pragma once
// Reading JSON configuration files (config.json, preprocessor_config.json, tokenizer.json, ...) with errors
// that name the file and the key.

#include <nlohmann/json.hpp>
#include <string>

namespace steerscope {

// Parses the file; throws Error "<path>: invalid JSON: ..." or "<path>: cannot open".
nlohmann::json read_json_file(const std::string& path);

// Typed access to config keys. The required_* forms throw Error "<file>: key 'k' missing" or
// "<file>: key 'k' is <type>, expected <type>"; the optional_* forms return the fallback when the key is
// absent or null (and still throw on a wrong type).
int64_t required_int(const nlohmann::json& j, const char* key, const std::string& file);
double required_number(const nlohmann::json& j, const char* key, const std::string& file);
std::string required_string(const nlohmann::json& j, const char* key, const std::string& file);
int64_t optional_int(const nlohmann::json& j, const char* key, int64_t fallback, const std::string& file);
double optional_number(const nlohmann::json& j, const char* key, double fallback, const std::string& file);
bool optional_bool(const nlohmann::json& j, const char* key, bool fallback, const std::string& file);
std::string optional_string(const nlohmann::json& j, const char* key, const std::string& fallback,
                            const std::string& file);

}  // namespace steerscope
