// A terminal progress bar with rate and ETA for long work. On a terminal it redraws one line
// (at most ten times a second); in a log (not a TTY) it prints a line at every 10% instead, so CI
// output stays readable. Thread-safe: workers may call advance() concurrently.
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace phantom::render {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total, std::string unit);
  ~ProgressBar();  // finishes the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void advance(int64_t n = 1);

 private:
  void draw(bool final);
  std::string label_, unit_;
  int64_t total_, done_ = 0;
  int last_decile_ = -1;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mutex_;
};

// "1:05" or "1:02:03".
std::string format_duration(double seconds);

}  // namespace phantom::render
