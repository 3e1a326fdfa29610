#include "app/cli/arg_parser.h"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace steerscope::cli {

ArgParser::ArgParser(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary)) {}

void ArgParser::add_option(const std::string& name, const std::string& metavar, const std::string& help,
                           const std::string& default_value) {
  specs_.push_back({name, metavar, help, default_value, Spec::kOption});
}

void ArgParser::add_multi_option(const std::string& name, const std::string& metavar, const std::string& help) {
  specs_.push_back({name, metavar, help, "", Spec::kMulti});
}

void ArgParser::add_flag(const std::string& name, const std::string& help) {
  specs_.push_back({name, "", help, "", Spec::kFlag});
}

void ArgParser::add_positional(const std::string& name, const std::string& help, bool required, bool repeated) {
  Spec s{name, name, help, "", Spec::kPositional};
  s.required = required;
  s.repeated = repeated;
  specs_.push_back(s);
}

const ArgParser::Spec& ArgParser::spec(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return s;
  throw std::logic_error("ArgParser: option '" + name + "' was never declared");
}

bool ArgParser::parse(int argc, char** argv) {
  std::vector<const Spec*> positionals;
  for (const auto& s : specs_)
    if (s.kind == Spec::kPositional) positionals.push_back(&s);
  size_t next_positional = 0;
  bool only_positionals = false;

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!only_positionals && (arg == "--help" || arg == "-h")) {
      std::cout << help();
      return false;
    }
    if (!only_positionals && arg == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2), inline_value;
      bool has_inline = false;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_inline = true;
      }
      auto it = std::find_if(specs_.begin(), specs_.end(),
                             [&](const Spec& s) { return s.name == name && s.kind != Spec::kPositional; });
      if (it == specs_.end()) throw UsageError("unknown option --" + name);
      auto& vals = values_[name];
      switch (it->kind) {
        case Spec::kFlag:
          if (has_inline) throw UsageError("--" + name + " takes no value");
          vals.push_back("1");
          break;
        case Spec::kOption:
          if (has_inline) {
            vals = {inline_value};
          } else {
            if (i + 1 >= argc) throw UsageError("--" + name + " needs a value (" + it->metavar + ")");
            vals = {argv[++i]};
          }
          break;
        case Spec::kMulti: {
          if (has_inline) {
            vals.push_back(inline_value);
            break;
          }
          int before = static_cast<int>(vals.size());
          while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) vals.push_back(argv[++i]);
          if (static_cast<int>(vals.size()) == before)
            throw UsageError("--" + name + " needs at least one value (" + it->metavar + ")");
          break;
        }
        case Spec::kPositional:
          break;
      }
      continue;
    }
    if (next_positional >= positionals.size()) throw UsageError("unexpected argument '" + arg + "'");
    const Spec* p = positionals[next_positional];
    values_[p->name].push_back(arg);
    if (!p->repeated) ++next_positional;
  }
  for (const auto* p : positionals)
    if (p->required && !values_.count(p->name)) throw UsageError("missing argument <" + p->name + ">");
  return true;
}

bool ArgParser::has(const std::string& name) const {
  spec(name);
  return values_.count(name) > 0;
}

std::string ArgParser::get(const std::string& name) const {
  const Spec& s = spec(name);
  auto it = values_.find(name);
  if (it != values_.end() && !it->second.empty()) return it->second.back();
  if (!s.default_value.empty()) return s.default_value;
  throw UsageError("missing required option --" + name);
}

std::string ArgParser::get_or(const std::string& name, const std::string& fallback) const {
  const Spec& s = spec(name);
  auto it = values_.find(name);
  if (it != values_.end() && !it->second.empty()) return it->second.back();
  return s.default_value.empty() ? fallback : s.default_value;
}

std::vector<std::string> ArgParser::get_all(const std::string& name) const {
  spec(name);
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int64_t ArgParser::get_int(const std::string& name) const {
  std::string v = get(name);
  try {
    size_t pos = 0;
    int64_t r = std::stoll(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(v);
    return r;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects an integer, got '" + v + "'");
  }
}

double ArgParser::get_double(const std::string& name) const {
  std::string v = get(name);
  try {
    size_t pos = 0;
    double r = std::stod(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(v);
    return r;
  } catch (const std::exception&) {
    throw UsageError("--" + name + " expects a number, got '" + v + "'");
  }
}

std::optional<int64_t> ArgParser::get_optional_int(const std::string& name) const {
  if (!has(name) && spec(name).default_value.empty()) return std::nullopt;
  return get_int(name);
}

std::optional<double> ArgParser::get_optional_double(const std::string& name) const {
  if (!has(name) && spec(name).default_value.empty()) return std::nullopt;
  return get_double(name);
}

std::string ArgParser::help() const {
  std::ostringstream os;
  os << "usage: steerscope-cli " << program_;
  for (const auto& s : specs_)
    if (s.kind == Spec::kPositional)
      os << ' ' << (s.required ? "<" : "[") << s.name << (s.repeated ? "..." : "") << (s.required ? ">" : "]");
  os << " [options]\n\n" << summary_ << "\n";
  bool any_pos = false;
  for (const auto& s : specs_) {
    if (s.kind != Spec::kPositional) continue;
    if (!any_pos) os << "\narguments:\n";
    any_pos = true;
    os << "  " << s.name << "\n      " << s.help << "\n";
  }
  os << "\noptions:\n";
  for (const auto& s : specs_) {
    if (s.kind == Spec::kPositional) continue;
    os << "  --" << s.name;
    if (s.kind == Spec::kOption) os << ' ' << s.metavar;
    if (s.kind == Spec::kMulti) os << ' ' << s.metavar << "...";
    os << "\n      " << s.help;
    if (!s.default_value.empty()) os << " (default: " << s.default_value << ")";
    os << "\n";
  }
  os << "  --help\n      Show this help.\n";
  return os.str();
}

std::string quoted_command_line(int argc, char** argv) {
  std::string line = "steerscope-cli";
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    const bool plain = !a.empty() && a.find_first_not_of(
                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789_-+=/.,:@%") == std::string::npos;
    if (plain) {
      line += " " + a;
      continue;
    }
    line += " '";
    for (char c : a) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += "'";
  }
  return line;
}

}  // namespace steerscope::cli
