// Crash safety through the CLI: `steerscope-cli record` is killed with SIGKILL in the middle of a
// multi-utterance run, once its progress lines say k utterances are done. The file must open, hold those k
// (and at most the one being written), each intact, and `--resume` must finish the run with every utterance
// exactly once, equal to an uninterrupted run. SIGTERM (a scheduler's notice) stops the run cleanly after
// the utterance in progress.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <regex>

#include "core/io/recording_reader.h"
#include "tests/app/record_test_corpus.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

constexpr int kUtterances = 24;

// A running steerscope-cli whose stderr the test reads line by line.
class CliProcess {
 public:
  explicit CliProcess(const std::string& args) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      const std::string cmd =
          "exec " + test::cli_path() + " " + args;  // exec: the signal reaches the CLI itself
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    in_ = ::fdopen(fds[0], "r");
  }
  ~CliProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (in_) std::fclose(in_);
  }

  // Reads stderr until a line contains `text` (true) or the stream ends (false); keeps everything read.
  bool read_until(const std::string& text) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, in_)) {
      err_ += buf;
      if (std::string(buf).find(text) != std::string::npos) return true;
    }
    return false;
  }
  void signal(int sig) { ::kill(pid_, sig); }
  // The raw wait status.
  int wait() {
    char buf[4096];
    while (in_ && std::fgets(buf, sizeof buf, in_)) err_ += buf;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }
  const std::string& err() const { return err_; }

 private:
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  bool reaped_ = false;
  std::string err_;
};

// The highest count of the plain progress lines ("record 7/24 (29%) ...") in a run's stderr.
size_t last_reported_count(const std::string& err) {
  static const std::regex line(R"(record (\d+)/\d+ \()");
  size_t most = 0;
  for (std::sregex_iterator it(err.begin(), err.end(), line), end; it != end; ++it)
    most = std::max(most, size_t(std::stoul((*it)[1].str())));
  return most;
}

struct CrashCorpus {
  test::RecordTestCorpus corpus;
  std::string base;  // the record command without --out
  fs::path reference;

  explicit CrashCorpus(const std::string& name) : corpus(name) {
    const char* clips[] = {"clip0", "clip1", "clip2"};
    for (int i = 0; i < kUtterances; ++i)
      corpus.add("u" + std::to_string(i), clips[i % 3], "s" + std::to_string(i % 4));
    corpus.write_manifest();
    base = "record " + test::fixture_models() + " " + test::decoder_options() + " --manifest " +
           corpus.manifest().string() + " --speaker-column speaker --progress-interval 0";
    reference = corpus.dir / "reference.h5";
    auto r = test::run_cli(base + " --out " + reference.string());
    if (r.exit_code != 0) ADD_FAILURE() << "the uninterrupted run failed: " << r.err;
  }

  // Every utterance of `path` equals the uninterrupted run's.
  void expect_intact(const fs::path& path, const std::string& context) const {
    RecordingReader got(path.string()), want(reference.string());
    for (size_t i = 0; i < got.size(); ++i) {
      const std::string id = got.ids()[i];
      ASSERT_TRUE(want.find(id).has_value()) << context << ": unknown utterance " << id;
      EXPECT_EQ(test::without_timings(got.read(i)), test::without_timings(want.read(id)))
          << context << ": " << id;
    }
  }
};

}  // namespace

TEST(CliRecordCrash, SigkillMidRunLosesAtMostTheUtteranceInFlightAndResumeFinishesExactlyOnce) {
  CrashCorpus c("cli-record-crash");
  ASSERT_EQ(RecordingReader(c.reference.string()).size(), size_t(kUtterances));
  const fs::path out = c.corpus.dir / "run.h5";
  // Kill at several points: early, middle, late; each time resume the same file, and kill the resumed
  // run too.
  size_t before = 0;
  for (int k : {3, 9, 17}) {
    SCOPED_TRACE("killed after " + std::to_string(k));
    CliProcess p(c.base + " --out " + out.string() + " --resume");
    const std::string line =
        "record " + std::to_string(k - int(before)) + "/" + std::to_string(kUtterances - before) + " (";
    ASSERT_TRUE(p.read_until(line)) << "the run ended before reporting " << line << "\n" << p.err();
    p.signal(SIGKILL);
    const int status = p.wait();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the run finished before it was killed";
    // The run may have gone on between the line the test waited for and the kill: what counts is the
    // last line it wrote.
    const size_t reported = before + last_reported_count(p.err());
    ASSERT_GE(reported, size_t(k));
    RecordingReader r(out.string());
    std::printf("killed after %zu utterances reported done: %zu in the file\n", reported, r.size());
    EXPECT_GE(r.size(), reported) << "an utterance reported done was lost";
    EXPECT_LE(r.size(), reported + 1) << "at most the utterance being written may be there unreported";
    c.expect_intact(out, "after SIGKILL");
    before = r.size();
  }
  auto resumed = test::run_cli(c.base + " --out " + out.string() + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("skipped " + std::to_string(before) + " already in the recording"),
            std::string::npos)
      << resumed.out;
  RecordingReader done(out.string());
  ASSERT_EQ(done.size(), size_t(kUtterances));
  std::vector<std::string> ids = done.ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "an utterance recorded twice";
  c.expect_intact(out, "after --resume");
}

TEST(CliRecordCrash, SigtermStopsAfterTheUtteranceInProgressAndResumeFinishes) {
  CrashCorpus c("cli-record-sigterm");
  const fs::path out = c.corpus.dir / "run.h5";
  CliProcess p(c.base + " --out " + out.string());
  ASSERT_TRUE(p.read_until("record 2/")) << p.err();
  p.signal(SIGTERM);
  const int status = p.wait();
  ASSERT_TRUE(WIFEXITED(status)) << "a clean exit, not death by signal\n" << p.err();
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM) << p.err();
  EXPECT_NE(p.err().find("stopped by signal 15"), std::string::npos) << p.err();
  EXPECT_NE(p.err().find("continue with --resume"), std::string::npos) << p.err();
  const size_t kept = RecordingReader(out.string()).size();
  EXPECT_GE(kept, 2u);
  EXPECT_LT(kept, size_t(kUtterances));
  c.expect_intact(out, "after SIGTERM");
  auto resumed = test::run_cli(c.base + " --out " + out.string() + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(RecordingReader(out.string()).size(), size_t(kUtterances));
  c.expect_intact(out, "after --resume");
}
