#pragma once
// Command-line options for steerscope-cli subcommands: "--name VALUE", "--name=VALUE", flags, options that
// take several values ("--audio a.wav b.wav"), and positionals. Unknown options and missing values are
// UsageError, which the CLI reports with the command's help and exit status 2.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace steerscope::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArgParser {
 public:
  ArgParser(std::string program, std::string summary);

  // An option with one value; default_value empty means "no default".
  void add_option(const std::string& name, const std::string& metavar, const std::string& help,
                  const std::string& default_value = "");
  // An option that takes one or more values; it may also be repeated.
  void add_multi_option(const std::string& name, const std::string& metavar, const std::string& help);
  void add_flag(const std::string& name, const std::string& help);
  void add_positional(const std::string& name, const std::string& help, bool required = true,
                      bool repeated = false);

  // argv[0] is the subcommand name. Returns false if --help was given (help already printed).
  bool parse(int argc, char** argv);

  bool has(const std::string& name) const;  // given on the command line (or a flag set)
  std::string get(const std::string& name) const;  // value or default; UsageError if neither
  std::string get_or(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> get_all(const std::string& name) const;
  int64_t get_int(const std::string& name) const;
  double get_double(const std::string& name) const;
  std::optional<int64_t> get_optional_int(const std::string& name) const;
  std::optional<double> get_optional_double(const std::string& name) const;

  std::string help() const;

 private:
  struct Spec {
    std::string name, metavar, help, default_value;
    enum Kind { kOption, kMulti, kFlag, kPositional } kind;
    bool required = false, repeated = false;
  };
  const Spec& spec(const std::string& name) const;
  std::string program_, summary_;
  std::vector<Spec> specs_;
  std::map<std::string, std::vector<std::string>> values_;
};

// The command line as a shell would need it to run it again ("steerscope-cli record ... 'a b.wav'"), for
// the run metadata of recordings. argv holds the subcommand's arguments.
std::string quoted_command_line(int argc, char** argv);

}  // namespace steerscope::cli
