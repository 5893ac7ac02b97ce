// Per-thread scratch buffers for the CPU kernels: a buffer only grows, and OpenMP keeps its worker
// threads, so a hot loop allocates once per thread. `kSlot` tells apart buffers a kernel needs at
// the same time.
#pragma once
#include <cstdint>
#include <vector>

namespace phantom::kernels::cpu {

template <class T, int kSlot>
T* thread_scratch(int64_t n) {
  thread_local std::vector<T> buffer;
  if (static_cast<int64_t>(buffer.size()) < n) buffer.resize(static_cast<size_t>(n));
  return buffer.data();
}

}  // namespace phantom::kernels::cpu
