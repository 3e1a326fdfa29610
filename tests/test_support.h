#pragma once
// Shared by all test suites: where the data and the CLI are, scratch directories, and running a command
// as a user would. Compiled-in defaults come from CMake; the environment variables STEERSCOPE_TEST_DATA
// and STEERSCOPE_CLI override them (e.g. to test an installed package).

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace steerscope::test {

inline std::string data_dir() {
  if (const char* e = std::getenv("STEERSCOPE_TEST_DATA")) return e;
  return STEERSCOPE_TEST_DATA_DIR;
}

// Path of a file under tests/data, e.g. data_path("fixtures/whisper_tiny").
inline std::string data_path(const std::string& rel) { return data_dir() + "/" + rel; }

inline std::string cli_path() {
  if (const char* e = std::getenv("STEERSCOPE_CLI")) return e;
  return STEERSCOPE_CLI_PATH;
}

// The scratch directories a test process made; removed when it exits normally (a test process runs one
// test case), unless STEERSCOPE_KEEP_TEST_FILES is set, to look at what a test wrote.
class ScratchDirs {
 public:
  ~ScratchDirs() {
    if (std::getenv("STEERSCOPE_KEEP_TEST_FILES")) return;
    for (const auto& dir : dirs_) {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  }
  void add(const std::filesystem::path& dir) { dirs_.push_back(dir); }

 private:
  std::vector<std::filesystem::path> dirs_;
};

// A fresh, empty directory under the system temp dir; name should identify the test.
inline std::filesystem::path scratch_dir(const std::string& name) {
  static ScratchDirs made;
  auto dir = std::filesystem::temp_directory_path() / ("steerscope-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  made.add(dir);
  return dir;
}

struct ProcessResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs a shell command line, capturing stdout and stderr separately.
inline ProcessResult run_shell(const std::string& command) {
  auto err_file = std::filesystem::temp_directory_path() /
                  ("steerscope-test-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  std::string full = command + " 2>" + err_file.string();
  ProcessResult r;
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream ef(err_file);
  std::stringstream ss;
  ss << ef.rdbuf();
  r.err = ss.str();
  std::filesystem::remove(err_file);
  return r;
}

// Runs steerscope-cli with the given argument string (already shell-quoted where needed).
inline ProcessResult run_cli(const std::string& args) { return run_shell(cli_path() + " " + args); }

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace steerscope::test
