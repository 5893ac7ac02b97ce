// CUDA runtime: checked calls, a caching allocator, copies through pinned staging, device queries.
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "engine/core/error.h"
#include "kernels/cuda/check.h"
#include "kernels/cuda/runtime.h"

namespace phantom::kernels::cuda {

void throw_cuda_error(const char* file, int line, const char* call, const std::string& what) {
  throw InternalError(detail::concat(file, ":", line, ": ", call, " failed: ", what));
}

bool sync_after_each_op() {
  static const bool on = [] {
    const char* v = std::getenv("PHANTOM_SYNC");
    return v && *v && std::string(v) != "0";
  }();
  return on;
}

bool built_with_cuda() {
  return true;
}

int device_count(std::string* why_none) {
  int n = 0;
  cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess) {
    if (why_none) *why_none = cudaGetErrorString(err);
    cudaGetLastError();  // clear the sticky error from a machine without a driver
    return 0;
  }
  if (n == 0 && why_none) *why_none = "no CUDA device found";
  return n;
}

std::string device_name(int index) {
  cudaDeviceProp prop{};
  PHANTOM_CUDA_CHECK(cudaGetDeviceProperties(&prop, index));
  return prop.name;
}

namespace {

// Freed blocks are kept per (device, rounded size) and handed out again; memory returns to the
// driver only at exit. Sizes round up to 512 bytes (small) or 2 MiB (large) to make reuse likely.
class CachingAllocator {
 public:
  void* allocate(size_t bytes, int device) {
    size_t size = round(bytes);
    std::lock_guard lock(mutex_);
    auto& bucket = free_[{device, size}];
    void* ptr = nullptr;
    if (!bucket.empty()) {
      ptr = bucket.back();
      bucket.pop_back();
      stats_.cached_bytes -= size;
    } else {
      PHANTOM_CUDA_CHECK(cudaSetDevice(device));
      PHANTOM_CUDA_CHECK(cudaMalloc(&ptr, size));
    }
    stats_.allocated_bytes += size;
    stats_.peak_bytes = std::max(stats_.peak_bytes, stats_.allocated_bytes);
    return ptr;
  }
  void release(void* ptr, size_t bytes, int device) {
    if (!ptr) return;
    size_t size = round(bytes);
    std::lock_guard lock(mutex_);
    free_[{device, size}].push_back(ptr);
    stats_.allocated_bytes -= size;
    stats_.cached_bytes += size;
  }
  AllocatorStats stats() {
    std::lock_guard lock(mutex_);
    return stats_;
  }

 private:
  static size_t round(size_t bytes) {
    size_t unit = bytes < (1u << 20) ? 512 : (2u << 20);
    return std::max<size_t>(unit, (bytes + unit - 1) / unit * unit);
  }
  std::mutex mutex_;
  std::map<std::pair<int, size_t>, std::vector<void*>> free_;
  AllocatorStats stats_;
};

CachingAllocator& allocator() {
  static auto* a = new CachingAllocator();  // intentionally leaked: outlives static tensors at exit
  return *a;
}

__global__ void fill_kernel(float* dst, int64_t n, float value) {
  int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (i < n) dst[i] = value;
}

}  // namespace

void* device_alloc(size_t bytes, int device) {
  return allocator().allocate(bytes, device);
}
void device_free(void* ptr, size_t bytes, int device) {
  allocator().release(ptr, bytes, device);
}
AllocatorStats allocator_stats() {
  return allocator().stats();
}

void copy(void* dst, bool dst_on_device, const void* src, bool src_on_device, size_t bytes) {
  cudaMemcpyKind kind = dst_on_device
                            ? (src_on_device ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                            : (src_on_device ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  PHANTOM_CUDA_CHECK(cudaMemcpy(dst, src, bytes, kind));
}

void fill_f32(float* dst, int64_t n, float value) {
  if (n == 0) return;
  fill_kernel<<<static_cast<unsigned>((n + 255) / 256), 256>>>(dst, n, value);
  PHANTOM_LAUNCH_CHECK();
}

void synchronize() {
  PHANTOM_CUDA_CHECK(cudaDeviceSynchronize());
}

}  // namespace phantom::kernels::cuda
