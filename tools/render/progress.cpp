#include "tools/render/progress.h"

#include <unistd.h>

#include <cstdio>

namespace phantom::render {

std::string format_duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

ProgressBar::ProgressBar(std::string label, int64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      tty_(isatty(2) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  draw(false);
}

ProgressBar::~ProgressBar() {
  std::lock_guard lock(mutex_);
  if (tty_) std::fprintf(stderr, "\n");
}

void ProgressBar::advance(int64_t n) {
  std::lock_guard lock(mutex_);
  done_ += n;
  draw(done_ >= total_);
}

void ProgressBar::draw(bool final) {
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - start_).count();
  int decile = total_ > 0 ? static_cast<int>(10 * done_ / total_) : 10;
  if (tty_ && !final && now - last_draw_ < std::chrono::milliseconds(100) && done_ > 0) return;
  if (!tty_ && decile == last_decile_ && !final) return;
  if (!tty_ && final && last_decile_ == 10) return;
  last_draw_ = now;
  last_decile_ = decile;
  constexpr int kWidth = 30;
  int filled = total_ > 0 ? static_cast<int>(kWidth * done_ / total_) : kWidth;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  std::string eta = rate > 0 ? format_duration(static_cast<double>(total_ - done_) / rate) : "?";
  std::fprintf(stderr, "%s[%s] [%s] %lld/%lld %s  %.2f %s/s  elapsed %s  ETA %s%s",
               tty_ ? "\r" : "", label_.c_str(), bar.c_str(), static_cast<long long>(done_),
               static_cast<long long>(total_), unit_.c_str(), rate, unit_.c_str(),
               format_duration(elapsed).c_str(), eta.c_str(), tty_ ? "\033[K" : "\n");
  std::fflush(stderr);
}

}  // namespace phantom::render
