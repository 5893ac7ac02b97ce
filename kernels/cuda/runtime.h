// The CUDA runtime surface the engine uses: device memory from a caching allocator, copies, and
// device queries. Built from runtime.cu when the toolkit is present; otherwise runtime_stub.cpp
// answers "no device" and refuses allocations with a clear error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace phantom::kernels::cuda {

bool built_with_cuda();
// Number of usable devices (0 without a build or driver); `why_none` explains a 0.
int device_count(std::string* why_none = nullptr);
std::string device_name(int index);

void* device_alloc(size_t bytes, int device);
void device_free(void* ptr, size_t bytes, int device);
void copy(void* dst, bool dst_on_device, const void* src, bool src_on_device, size_t bytes);
void fill_f32(float* dst, int64_t n, float value);
void synchronize();

struct AllocatorStats {
  size_t allocated_bytes = 0;  // live tensor memory
  size_t cached_bytes = 0;     // freed blocks kept for reuse
  size_t peak_bytes = 0;
};
AllocatorStats allocator_stats();

}  // namespace phantom::kernels::cuda
