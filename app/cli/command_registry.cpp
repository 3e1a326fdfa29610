#include "app/cli/command_registry.h"

#include <algorithm>
#include <iostream>

#include "app/cli/arg_parser.h"
#include "core/util/error.h"
#include "steerscope/build_info.h"

namespace steerscope::cli {

CommandRegistry& CommandRegistry::instance() {
  static CommandRegistry registry;
  return registry;
}

void CommandRegistry::add(Command c) {
  commands_.push_back(std::move(c));
  std::sort(commands_.begin(), commands_.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
}

const Command* CommandRegistry::find(const std::string& name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

namespace {

void print_overview(std::ostream& os) {
  os << "usage: steerscope-cli <command> [options]\n"
        "       steerscope-cli <command> --help\n\n"
        "SteerScope " << build_info::kVersion << ": run, record and analyse SteerMoE audio-language models.\n\n"
        "commands:\n";
  size_t width = 0;
  for (const auto& c : CommandRegistry::instance().commands()) width = std::max(width, c.name.size());
  for (const auto& c : CommandRegistry::instance().commands())
    os << "  " << c.name << std::string(width - c.name.size() + 3, ' ') << c.summary << "\n";
}

}  // namespace

int run_command(int argc, char** argv) {
  if (argc < 2) {
    print_overview(std::cerr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--version" || name == "version") {
    std::cout << "steerscope-cli " << build_info::kVersion << "\n";
    return 0;
  }
  if (name == "--help" || name == "-h" || name == "help") {
    if (argc >= 3) {
      if (const Command* c = CommandRegistry::instance().find(argv[2])) {
        char* sub[] = {argv[2], const_cast<char*>("--help"), nullptr};
        return c->run(2, sub);
      }
    }
    print_overview(std::cout);
    return 0;
  }
  const Command* c = CommandRegistry::instance().find(name);
  if (!c) {
    std::cerr << "steerscope-cli: unknown command '" << name << "'\n\n";
    print_overview(std::cerr);
    return 2;
  }
  try {
    return c->run(argc - 1, argv + 1);
  } catch (const UsageError& e) {
    std::cerr << "steerscope-cli " << name << ": " << e.what() << "\n"
              << "(see: steerscope-cli " << name << " --help)\n";
    return 2;
  } catch (const Cancelled&) {
    std::cerr << "steerscope-cli " << name << ": cancelled\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "steerscope-cli " << name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace steerscope::cli
