#include "app/cli/command_registry.h"

int main(int argc, char** argv) { return steerscope::cli::run_command(argc, argv); }
