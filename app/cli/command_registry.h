#pragma once
// The subcommands of steerscope-cli. Each command lives in its own command_<name>.cpp and registers itself
// at static-initialisation time:
//
//   static steerscope::cli::CommandRegistration reg{"info", "Describe a checkpoint", run_info};
//
// run(argc, argv) receives argv[0] == the command name. It returns the process exit status; it may throw
// steerscope::Error (printed as "error: ...", status 1) or cli::UsageError (printed with the command's
// usage, status 2).

#include <string>
#include <vector>

namespace steerscope::cli {

struct Command {
  std::string name;
  std::string summary;
  int (*run)(int argc, char** argv);
};

class CommandRegistry {
 public:
  static CommandRegistry& instance();
  void add(Command c);
  const Command* find(const std::string& name) const;
  const std::vector<Command>& commands() const { return commands_; }

 private:
  std::vector<Command> commands_;
};

struct CommandRegistration {
  CommandRegistration(const char* name, const char* summary, int (*run)(int, char**)) {
    CommandRegistry::instance().add({name, summary, run});
  }
};

// Dispatches argv[1] to its command with the error handling described above.
int run_command(int argc, char** argv);

}  // namespace steerscope::cli
