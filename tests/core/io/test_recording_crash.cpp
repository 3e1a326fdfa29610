// Crash safety of RecordingWriter (recording_writer.h): a child process writes a recording and is killed
// with SIGKILL at a random moment (while creating the file, reopening it, appending an utterance, flushing
// or closing). After every kill the file must open, hold every utterance the child had finished (it reports
// each one through a pipe once write() has returned) plus at most the one in flight, and each of those must
// read back exactly. The next child resumes the same file with RecordingWriter::append, so recovery from
// a killed writer (and a writer killed while recovering) is exercised too. Some iterations also read the
// file while the child is still writing (HDF5 SWMR read).
//
// STEERSCOPE_CRASH_ITERATIONS overrides the number of kills; STEERSCOPE_CRASH_SEED replays a run.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "core/io/recording_reader.h"
#include "core/io/recording_writer.h"
#include "core/util/error.h"
#include "tests/core/io/recording_test_data.h"
#include "tests/test_support.h"

using namespace steerscope;

namespace {

constexpr size_t kUtterancesPerFile = 40;
constexpr uint32_t kSeed = 21;

test::RecordingShape crash_shape() {
  test::RecordingShape s;
  s.layers = 4;
  s.experts = 8;
  s.dim = 16;
  s.n_mels = 16;
  s.min_frames = 5;
  s.max_frames = 400;
  return s;
}

RecordingOptions crash_options() {
  RecordingOptions o;
  o.n_mels = crash_shape().n_mels;
  o.mel_chunk_frames = 128;
  o.router_chunk_frames = 96;
  return o;
}

// The child: create or resume the recording and write the remaining utterances, reporting each finished
// one. Never returns.
[[noreturn]] void child_write(const std::string& path, int report_fd) {
  try {
    const auto s = crash_shape();
    RecordingWriter w =
        std::filesystem::exists(path)
            ? RecordingWriter::append(path)
            : RecordingWriter::create(path, test::make_run_info(), test::make_constants(s), crash_options());
    for (size_t i = w.size(); i < kUtterancesPerFile; ++i) {
      w.write(test::make_utterance(s, kSeed, i));
      uint32_t done = uint32_t(i + 1);
      if (::write(report_fd, &done, sizeof done) != sizeof done) ::_exit(4);
    }
    w.close();
    ::_exit(0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash-test child: %s\n", e.what());
    ::_exit(3);
  }
}

// Highest count the child reported so far (non-blocking).
uint32_t drain_reports(int fd, uint32_t reported) {
  uint32_t v = 0;
  while (::read(fd, &v, sizeof v) == sizeof v) reported = std::max(reported, v);
  return reported;
}

// Checks what a reader sees against what the child reported; returns the number of utterances. A dead
// child may have finished one utterance more than it reported; a live one may have written any number.
size_t verify(const std::string& path, uint32_t reported, bool writer_alive, const std::string& context) {
  RecordingReader r(path);
  const size_t n = r.size();
  EXPECT_GE(n, reported) << context << ": lost an utterance the writer had finished";
  EXPECT_LE(n, writer_alive ? kUtterancesPerFile : size_t(reported) + 1)
      << context << ": more utterances than written";
  const auto s = crash_shape();
  for (size_t i = 0; i < n; ++i) {
    const UtteranceRecord expected = test::make_utterance(s, kSeed, i);
    EXPECT_TRUE(r.read(i) == expected) << context << ": utterance " << i << " differs";
  }
  size_t streamed = 0;
  r.for_each_in_layer(1, [&](size_t u, const RouterTrace& t) {
    ++streamed;
    EXPECT_EQ(t, test::make_utterance(s, kSeed, u).layers[1]) << context << ": streamed utterance " << u;
  });
  EXPECT_EQ(streamed, n) << context;
  return n;
}

}  // namespace

TEST(RecordingCrash, SigkillAtRandomMomentsLosesAtMostTheUtteranceInFlight) {
  auto dir = test::scratch_dir("rec-crash");
  const int iterations = std::getenv("STEERSCOPE_CRASH_ITERATIONS")
                             ? std::atoi(std::getenv("STEERSCOPE_CRASH_ITERATIONS"))
                             : 200;
  const uint64_t seed = std::getenv("STEERSCOPE_CRASH_SEED")
                            ? std::strtoull(std::getenv("STEERSCOPE_CRASH_SEED"), nullptr, 10)
                            : uint64_t(std::random_device{}());
  std::mt19937_64 rng(seed);
  std::cout << "crash test seed " << seed << " (STEERSCOPE_CRASH_SEED replays it)\n";

  // Calibrate: how long does one child take to write a whole file?
  double full_run_us = 0;
  {
    auto path = (dir / "calibrate.h5").string();
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) child_write(path, ::open("/dev/null", O_WRONLY));
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the writer failed without being killed";
    full_run_us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(verify(path, kUtterancesPerFile, false, "calibration"), kUtterancesPerFile);
  }

  int file_number = 0, kills = 0, completed_files = 0, concurrent_reads = 0, mid_utterance = 0, no_file = 0;
  uint32_t carried = 0;  // utterances already in the current file before this child started
  for (int it = 0; it < iterations && !::testing::Test::HasFailure(); ++it) {
    const std::string path = (dir / ("r" + std::to_string(file_number) + ".h5")).string();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child_write(path, fds[1]);
    }
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);

    // Kill anywhere in what is left of the run (a resumed file has fewer utterances to go); one time in
    // five early, where creation and reopening happen.
    const double left = double(kUtterancesPerFile - carried) / double(kUtterancesPerFile);
    const double run_us = full_run_us * std::max(0.1, left);
    const double span = std::uniform_int_distribution<int>(0, 4)(rng) == 0 ? full_run_us / 10 : run_us;
    const auto delay =
        std::chrono::microseconds(int64_t(std::uniform_real_distribution<double>(0, span)(rng)));
    const std::string context = "iteration " + std::to_string(it) + " (seed " + std::to_string(seed) +
                                ", file " + path + ", kill after " + std::to_string(delay.count()) + " us)";
    uint32_t reported = carried;
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
      // Read while the child is writing.
      std::this_thread::sleep_for(delay / 2);
      reported = drain_reports(fds[0], reported);
      if (std::filesystem::exists(path)) {
        verify(path, reported, true, context + ", concurrent read");
        ++concurrent_reads;
      }
      std::this_thread::sleep_for(delay / 2);
    } else {
      std::this_thread::sleep_for(delay);
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    reported = drain_reports(fds[0], reported);
    ::close(fds[0]);
    const bool killed = WIFSIGNALED(status);
    if (!killed) {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << context << ": the writer failed";
    }
    kills += killed;

    if (!std::filesystem::exists(path)) {
      EXPECT_EQ(reported, 0u) << context << ": the file vanished";
      ++no_file;
      continue;
    }
    const size_t n = verify(path, reported, false, context);
    mid_utterance += n == reported && killed && n < kUtterancesPerFile;
    carried = uint32_t(n);
    if (n == kUtterancesPerFile) {
      ++completed_files;
      ++file_number;
      carried = 0;
    }
  }
  std::cout << "one uninterrupted file takes " << int(full_run_us / 1000) << " ms; " << kills << " kills ("
            << mid_utterance << " with an utterance in flight, " << no_file << " before the file existed), "
            << completed_files << " files completed across kills, " << concurrent_reads
            << " reads during writing\n";
  // A creator killed before renaming its temporary file leaves "<path>.partial-<pid>"; the next create()
  // of that path removes it, so only a path that was never created afterwards can still have one.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const size_t at = name.find(".partial-");
    if (at != std::string::npos) {
      EXPECT_FALSE(std::filesystem::exists(dir / name.substr(0, at))) << "stale temporary file " << name;
    }
  }
  // Timing varies with the machine's load; this only guards against a test that never kills anything.
  EXPECT_GT(kills, iterations / 4) << "the kill timing did not hit running writers";
  EXPECT_GT(completed_files, 0) << "no file was completed by resuming after kills";
}
