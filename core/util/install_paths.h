#pragma once
// Where SteerScope finds the data it ships, for an installed package and for a developer build alike.

#include <string>

namespace steerscope {

// The directory of the running executable (from /proc/self/exe); empty if it cannot be read.
std::string executable_dir();

// The embedded demo bundle (a directory holding bundle.json), looked up in this order:
//   $STEERSCOPE_DEMO_DIR, <executable>/../share/steerscope/demo (an installed package),
//   /usr/share/steerscope/demo, and the source tree's resources/demo (a developer build).
// Empty when none exists.
std::string find_demo_bundle();

}  // namespace steerscope
