#pragma once
// Progress of a long command (record, merge, train, ...): count out of total, rate, estimated time left and
// any extra fields the command wants to show ("loss 2.31", "failed 3").
//
//   ProgressBarOptions o;
//   o.label = "train";
//   o.unit = "step";
//   o.terminal = ProgressBar::is_terminal(STDERR_FILENO);
//   ProgressBar bar(std::cerr, steps, o);
//   for (...) { ...; bar.set_field("loss", format("%.2f", loss)); bar.update(step + 1); }
//   bar.finish();
//
// On a terminal the bar is redrawn in place, at most every redraw_interval_s:
//   record  42% [########...........]  42/100  3.4 utt/s  ETA 0:17  failed 1
// Elsewhere (a log file, a cluster job's output) it writes plain lines, at most one every
// plain_interval_s, and always one for the final state:
//   record 42/100 (42%)  3.4 utt/s  elapsed 0:12  ETA 0:17  failed 1
// Messages that must stay visible (a failure) go through print_line(), which moves the bar below them.
// The rate is the average since the bar was created; ETA is shown once something is done. A total of 0
// means unknown: no percentage, bar or ETA.

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace steerscope::cli {

struct ProgressBarOptions {
  std::string label;               // printed first, e.g. the command name
  std::string unit = "it";         // what is counted: "utt", "step", "file"
  bool terminal = false;           // redraw in place (a TTY) instead of writing plain lines
  double plain_interval_s = 10.0;  // plain lines: at most one per interval; 0 = one per update
  double redraw_interval_s = 0.1;  // terminal: at most one redraw per interval
  int width = 0;                   // terminal columns; 0 = $COLUMNS or the terminal's size, else 80
  std::function<double()> clock;   // seconds, monotonic; default: std::chrono::steady_clock
};

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, size_t total, ProgressBarOptions options = {});
  ~ProgressBar();  // finish() if not called
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // True if fd is a terminal that understands carriage return and "erase line" (not TERM=dumb).
  static bool is_terminal(int fd);

  void set_total(size_t total);
  // Adds or replaces a field shown after the rate, in the order first set; an empty value removes it.
  void set_field(const std::string& name, const std::string& value);
  // Sets the count and draws if due (see the header comment).
  void update(size_t done);
  // Writes one line of text above the bar (terminal) or before the next progress line (plain).
  void print_line(const std::string& text);
  // Draws the final state and ends the bar's line; later calls do nothing.
  void finish();

  // The text of a plain progress line for the current state, without a newline.
  std::string status_line() const;
  double elapsed_s() const;
  double rate() const;  // units per second since creation; 0 before anything is done

 private:
  std::string terminal_line() const;
  void draw();

  std::ostream& out_;
  size_t total_;
  ProgressBarOptions options_;
  size_t done_ = 0;
  double start_ = 0.0;
  double last_draw_ = 0.0;
  bool drawn_ = false;  // terminal: a bar is on the current line
  size_t printed_ = 0;  // plain: count of the last line written (+1), 0 before any
  bool finished_ = false;
  std::vector<std::pair<std::string, std::string>> fields_;
};

// "0:07", "3:25", "1:02:03": a duration for people, rounded to the second.
std::string format_duration(double seconds);

}  // namespace steerscope::cli
