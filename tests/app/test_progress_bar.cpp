// The progress bar of long CLI commands, with a fake clock: plain lines at the set interval with count,
// rate, ETA and extra fields; in-place redraws on a terminal that never wrap; messages above the bar.
#include <gtest/gtest.h>

#include <sstream>

#include "app/cli/progress_bar.h"

using namespace steerscope::cli;

namespace {

struct FakeClock {
  double now = 100.0;
  std::function<double()> fn() {
    return [this] { return now; };
  }
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST(ProgressBar, FormatsDurationsForPeople) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(7.4), "0:07");
  EXPECT_EQ(format_duration(205), "3:25");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(1.0 / 0.0), "?");
}

TEST(ProgressBar, PlainLinesAtTheIntervalWithRateEtaAndFields) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBarOptions o;
  o.label = "record";
  o.unit = "utt";
  o.plain_interval_s = 10.0;
  o.clock = clock.fn();
  {
    ProgressBar bar(out, 100, o);
    clock.now += 4;
    bar.update(10);  // before the interval: nothing
    EXPECT_EQ(out.str(), "");
    clock.now += 6;
    bar.set_field("failed", "2");
    bar.update(20);  // 20 in 10 s: 2/s, 80 left: 40 s
    EXPECT_EQ(out.str(), "record 20/100 (20%)  2.0 utt/s  elapsed 0:10  ETA 0:40  failed 2\n");
    bar.print_line("failed: x: no such file");
    clock.now += 1;
    bar.update(21);  // within the interval: nothing
    bar.set_field("failed", "");
    clock.now += 190;
    bar.update(50);  // 50 in 201 s: slower than one per second
    EXPECT_EQ(lines_of(out.str()).back(), "record 50/100 (50%)  4.0 s/utt  elapsed 3:21  ETA 3:21");
    bar.update(100);
  }  // the destructor writes the final state
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 4u) << out.str();
  EXPECT_EQ(lines[1], "failed: x: no such file");
  EXPECT_EQ(lines[3], "record 100/100 (100%)  2.0 s/utt  elapsed 3:21");
}

TEST(ProgressBar, IntervalZeroWritesEveryUpdateAndFinishDoesNotRepeat) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBarOptions o;
  o.plain_interval_s = 0.0;
  o.clock = clock.fn();
  ProgressBar bar(out, 0, o);  // unknown total: count and rate only
  for (size_t i = 1; i <= 3; ++i) {
    clock.now += 0.5;
    bar.update(i);
  }
  bar.finish();
  bar.update(7);  // after finish: ignored
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 3u) << out.str();
  EXPECT_EQ(lines[2], "3 it  2.0 it/s  elapsed 0:02");
}

TEST(ProgressBar, TerminalRedrawsInPlaceWithinTheWidth) {
  FakeClock clock;
  std::ostringstream out;
  ProgressBarOptions o;
  o.label = "train";
  o.unit = "step";
  o.terminal = true;
  o.width = 60;
  o.clock = clock.fn();
  ProgressBar bar(out, 200, o);
  bar.update(0);  // the first update always draws
  clock.now += 0.05;
  bar.update(1);  // within the redraw interval
  clock.now += 9.95;
  bar.set_field("loss", "2.31");
  bar.update(50);
  bar.print_line("checkpoint saved");
  bar.finish();
  const std::string s = out.str();
  // Every draw starts with a carriage return and erases the rest of the line.
  std::vector<std::string> draws;
  for (size_t pos = 0; (pos = s.find('\r', pos)) != std::string::npos; ++pos) {
    const size_t end = s.find_first_of("\r\n", pos + 1);
    draws.push_back(s.substr(pos + 1, end - pos - 1));
  }
  ASSERT_EQ(draws.size(), 5u) << s;  // initial, update(50), cleared for the message, redraw, final
  EXPECT_EQ(draws[1].substr(0, 11), "train  25% ");
  EXPECT_NE(draws[1].find("50/200  5.0 step/s  ETA 0:30  loss 2.31"), std::string::npos) << draws[1];
  for (const auto& d : draws) {
    const std::string text = d.substr(0, d.find("\033[K"));
    EXPECT_LE(text.size(), 59u) << "never wraps: " << text;
  }
  EXPECT_NE(s.find("\r\033[Kcheckpoint saved\n"), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n') << "finish ends the bar's line";
  EXPECT_EQ(bar.rate(), 5.0);
}
