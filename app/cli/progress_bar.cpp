#include "app/cli/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace steerscope::cli {

namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int terminal_columns() {
  if (const char* c = std::getenv("COLUMNS")) {
    const int n = std::atoi(c);
    if (n > 0) return n;
  }
  struct winsize ws {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

// "3.4 utt/s", or "12.5 s/utt" when slower than one per second.
std::string format_rate(double per_second, const std::string& unit) {
  char buf[64];
  if (per_second <= 0)
    std::snprintf(buf, sizeof buf, "- %s/s", unit.c_str());
  else if (per_second >= 1.0)
    std::snprintf(buf, sizeof buf, "%.1f %s/s", per_second, unit.c_str());
  else
    std::snprintf(buf, sizeof buf, "%.1f s/%s", 1.0 / per_second, unit.c_str());
  return buf;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long long s = std::llround(seconds);
  char buf[48];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

ProgressBar::ProgressBar(std::ostream& out, size_t total, ProgressBarOptions options)
    : out_(out), total_(total), options_(std::move(options)) {
  if (!options_.clock) options_.clock = steady_seconds;
  start_ = last_draw_ = options_.clock();
}

ProgressBar::~ProgressBar() {
  try {
    finish();
  } catch (...) {
  }
}

bool ProgressBar::is_terminal(int fd) {
  if (!::isatty(fd)) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

void ProgressBar::set_total(size_t total) {
  total_ = total;
}

void ProgressBar::set_field(const std::string& name, const std::string& value) {
  auto it = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return f.first == name; });
  if (value.empty()) {
    if (it != fields_.end()) fields_.erase(it);
  } else if (it != fields_.end()) {
    it->second = value;
  } else {
    fields_.emplace_back(name, value);
  }
}

double ProgressBar::elapsed_s() const {
  return options_.clock() - start_;
}

double ProgressBar::rate() const {
  const double t = elapsed_s();
  return done_ > 0 && t > 0 ? double(done_) / t : 0.0;
}

std::string ProgressBar::status_line() const {
  std::string s = options_.label.empty() ? "" : options_.label + " ";
  s += std::to_string(done_);
  if (total_ > 0) {
    char pct[32];
    std::snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * double(std::min(done_, total_)) / double(total_));
    s += "/" + std::to_string(total_) + pct;
  } else {
    s += " " + options_.unit;
  }
  s += "  " + format_rate(rate(), options_.unit) + "  elapsed " + format_duration(elapsed_s());
  if (total_ > 0 && done_ > 0 && done_ < total_)
    s += "  ETA " + format_duration(double(total_ - done_) / rate());
  for (const auto& [name, value] : fields_) s += "  " + name + " " + value;
  return s;
}

std::string ProgressBar::terminal_line() const {
  const int width = options_.width > 0 ? options_.width : terminal_columns();
  std::string head = options_.label.empty() ? "" : options_.label + " ";
  std::string tail = "  " + std::to_string(done_) +
                     (total_ > 0 ? "/" + std::to_string(total_) : " " + options_.unit) + "  " +
                     format_rate(rate(), options_.unit);
  if (total_ > 0 && done_ > 0 && done_ < total_)
    tail += "  ETA " + format_duration(double(total_ - done_) / rate());
  else
    tail += "  " + format_duration(elapsed_s());
  for (const auto& [name, value] : fields_) tail += "  " + name + " " + value;
  if (total_ > 0) {
    const double fraction = double(std::min(done_, total_)) / double(total_);
    char pct[16];
    std::snprintf(pct, sizeof pct, "%3.0f%% ", 100.0 * fraction);
    head += pct;
    // The bar takes what the text leaves of the line, up to 40 cells; on a narrow terminal the numbers
    // matter more, and below 10 cells the bar is left out.
    const int cells = std::min(width - 1 - int(head.size() + tail.size()) - 2, 40);
    if (cells >= 10) {
      const int full = int(fraction * cells);
      head += "[" + std::string(size_t(full), '#') + std::string(size_t(cells - full), '.') + "]";
    }
  }
  std::string line = head + tail;
  // Never wrap: a wrapped line cannot be redrawn with a carriage return.
  if (width > 1 && line.size() > size_t(width - 1)) line.resize(size_t(width - 1));
  return line;
}

void ProgressBar::draw() {
  if (options_.terminal) {
    out_ << '\r' << terminal_line() << "\033[K" << std::flush;
    drawn_ = true;
  } else {
    out_ << status_line() << '\n' << std::flush;
    printed_ = done_ + 1;
  }
  last_draw_ = options_.clock();
}

void ProgressBar::update(size_t done) {
  if (finished_) return;
  done_ = done;
  const double interval = options_.terminal ? options_.redraw_interval_s : options_.plain_interval_s;
  if (options_.clock() - last_draw_ >= interval || (options_.terminal && !drawn_)) draw();
}

void ProgressBar::print_line(const std::string& text) {
  if (options_.terminal && drawn_) {
    out_ << "\r\033[K" << text << '\n';
    draw();
  } else {
    out_ << text << '\n' << std::flush;
  }
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (options_.terminal) {
    draw();
    out_ << '\n' << std::flush;
  } else if (printed_ != done_ + 1) {
    draw();
  }
}

}  // namespace steerscope::cli
