// OpenMP helpers for the CPU kernels. Small loops stay serial: a parallel region costs ~1 µs.
#pragma once
#include <cstdint>

namespace phantom::kernels::cpu {

inline constexpr int64_t kParallelGrain = 32768;

// body(i) for i in [0, n). The iterations must be independent (they run on several threads), which
// also makes them safe to run in SIMD lanes: `simd` lets the compiler vectorise bodies it cannot
// prove alias-free (an elementwise backward reads x and dL/dy and writes dL/dx through pointers).
template <class F>
void parallel_for(int64_t n, F&& body) {
  if (n < kParallelGrain) {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) body(i);
    return;
  }
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < n; ++i) body(i);
}

// Runs body(begin, end) over [0, n) split across threads in contiguous chunks of >= grain.
template <class F>
void parallel_chunks(int64_t n, int64_t grain, F&& body) {
  if (n <= grain) {
    body(int64_t{0}, n);
    return;
  }
  int64_t chunks = (n + grain - 1) / grain;
#pragma omp parallel for schedule(static)
  for (int64_t c = 0; c < chunks; ++c) body(c * grain, c + 1 == chunks ? n : (c + 1) * grain);
}

}  // namespace phantom::kernels::cpu
