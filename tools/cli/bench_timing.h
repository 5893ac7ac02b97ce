// Timing and the PyTorch side shared by the CPU and GPU benches.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace phantom::cli {

// Best time of at least `reps` runs and of as many more as fit in `min_seconds`: the cores are
// shared with other work, and the best of many short runs is the one that ran undisturbed.
inline double best_of(const std::function<void()>& fn, int reps, double min_seconds) {
  using clock = std::chrono::steady_clock;
  fn();  // warm-up: first-touch pages, packing buffers, the OpenMP pool
  double best = 1e300;
  const auto begin = clock::now();
  for (int r = 0;
       r < reps || std::chrono::duration<double>(clock::now() - begin).count() < min_seconds; ++r) {
    auto start = clock::now();
    fn();
    best = std::min(best, std::chrono::duration<double>(clock::now() - start).count());
  }
  return best;
}

// Runs tools/bench/torch_bench.py (with $PHANTOM_PYTHON, default /usr/bin/python3) on `request` and
// fills `seconds` (one per case); returns why not instead ("PyTorch not installed", "PyTorch bench
// failed"), or "" on success.
inline std::string run_torch_bench(const nlohmann::json& request, const std::string& script,
                                   std::vector<double>& seconds) {
  // PHANTOM_PYTHON picks another interpreter (a GPU machine's PyTorch may live in a venv).
  const char* python = std::getenv("PHANTOM_PYTHON");
  std::string command = std::string(python && *python ? python : "/usr/bin/python3") + " '" +
                        script + "' '" + request.dump() + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "PyTorch not installed";
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe.get())) out.append(buf, n);
  nlohmann::json reply = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) return "PyTorch not installed";  // no python3 / script output
  if (!reply.contains("seconds"))
    return reply.value("error", "").starts_with("PyTorch not installed") ? "PyTorch not installed"
                                                                         : "PyTorch bench failed";
  seconds = reply["seconds"].get<std::vector<double>>();
  return "";
}

}  // namespace phantom::cli
