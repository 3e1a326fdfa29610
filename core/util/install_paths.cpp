#include "core/util/install_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace steerscope {

std::string executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::string find_demo_bundle() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("STEERSCOPE_DEMO_DIR"); env && *env) candidates.emplace_back(env);
  if (const std::string dir = executable_dir(); !dir.empty())
    candidates.push_back(fs::path(dir) / ".." / "share" / "steerscope" / "demo");
  candidates.emplace_back("/usr/share/steerscope/demo");
#ifdef STEERSCOPE_SOURCE_DIR
  candidates.push_back(fs::path(STEERSCOPE_SOURCE_DIR) / "resources" / "demo");
#endif
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c / "bundle.json", ec)) return fs::weakly_canonical(c, ec).string();
  }
  return {};
}

}  // namespace steerscope
