// CUDA runtime: checked calls, a caching allocator, one stream and cuBLAS handle per device,
// copies through pinned staging, device queries and the math switches.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "engine/core/error.h"
#include "kernels/cuda/check.h"
#include "kernels/cuda/cublas_check.h"
#include "kernels/cuda/launch.h"
#include "kernels/cuda/runtime.h"
#include "kernels/cuda/stream.h"

namespace phantom::kernels::cuda {

void throw_cuda_error(const char* file, int line, const char* call, const std::string& what) {
  throw InternalError(detail::concat(file, ":", line, ": ", call, " failed: ", what));
}

namespace {
bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}
}  // namespace

bool sync_after_each_op() {
  static const bool on = env_flag("PHANTOM_SYNC");
  return on;
}

bool built_with_cuda() {
  return true;
}

bool built_with_cudnn() {
#if defined(PHANTOM_HAVE_CUDNN)
  return true;
#else
  return false;
#endif
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

thread_local int tls_device = -1;  // the device this thread last made current

// Per-device resources created on first use and kept until exit (the driver reclaims them).
struct DeviceContext {
  cudaStream_t stream = nullptr;
  cublasHandle_t cublas = nullptr;
  bool cublas_tf32 = false;
};

std::mutex& contexts_mutex() {
  static auto* m = new std::mutex();
  return *m;
}
std::map<int, DeviceContext>& contexts() {
  static auto* c = new std::map<int, DeviceContext>();  // leaked: outlives static tensors at exit
  return *c;
}

DeviceContext& context(int device) {
  std::lock_guard lock(contexts_mutex());
  DeviceContext& ctx = contexts()[device];
  if (!ctx.stream) {
    set_device(device);
    PHANTOM_CUDA_CHECK(cudaStreamCreateWithFlags(&ctx.stream, cudaStreamNonBlocking));
  }
  return ctx;
}

// Freed blocks are kept per (device, rounded size) and handed out again; memory returns to the
// driver only at exit. Sizes round up to 512 bytes (small) or 2 MiB (large) to make reuse likely.
// All work runs on the device's one stream, so a block freed by one op is safe for the next.
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
      set_device(device);
      if (cudaMalloc(&ptr, size) != cudaSuccess) {
        cudaGetLastError();
        release_cached();  // give the cache back to the driver and try once more
        PHANTOM_CUDA_CHECK(cudaMalloc(&ptr, size));
      }
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
  // Caller holds mutex_. Waits for queued work, since cached blocks may still be in use by it.
  void release_cached() {
    for (auto& [key, bucket] : free_) {
      set_device(key.first);
      PHANTOM_CUDA_CHECK(cudaDeviceSynchronize());
      for (void* p : bucket) PHANTOM_CUDA_CHECK(cudaFree(p));
      stats_.cached_bytes -= key.second * bucket.size();
      bucket.clear();
    }
  }
  std::mutex mutex_;
  std::map<std::pair<int, size_t>, std::vector<void*>> free_;
  AllocatorStats stats_;
};

CachingAllocator& allocator() {
  static auto* a = new CachingAllocator();  // intentionally leaked: outlives static tensors at exit
  return *a;
}

// A pinned host buffer that only grows; host<->device copies stage through it.
class PinnedStaging {
 public:
  template <class F>
  void with_buffer(size_t bytes, F&& use) {
    std::lock_guard lock(mutex_);
    if (bytes > capacity_) {
      if (buffer_) PHANTOM_CUDA_CHECK(cudaFreeHost(buffer_));
      buffer_ = nullptr;
      PHANTOM_CUDA_CHECK(cudaMallocHost(&buffer_, bytes));
      capacity_ = bytes;
    }
    use(buffer_);
  }

 private:
  std::mutex mutex_;
  void* buffer_ = nullptr;
  size_t capacity_ = 0;
};

PinnedStaging& staging() {
  static auto* s = new PinnedStaging();
  return *s;
}

// Copies larger than this go through the staging buffer in pieces of this size.
constexpr size_t kStagingChunk = size_t(64) << 20;

bool tf32_allowed = env_flag("PHANTOM_ALLOW_TF32");
ConvAlgorithm conv_choice =
#if defined(PHANTOM_HAVE_CUDNN)
    env_flag("PHANTOM_CONV_IMPLICIT") ||
            (std::getenv("PHANTOM_CONV") && std::string(std::getenv("PHANTOM_CONV")) == "implicit")
        ? ConvAlgorithm::ImplicitGemm
        : ConvAlgorithm::Cudnn;
#else
    ConvAlgorithm::ImplicitGemm;
#endif

}  // namespace

// Every device switch goes through here (the allocator's and the contexts' too), so tls_device
// always names the thread's current device and the early return below is safe.
void set_device(int index) {
  if (tls_device == index) return;
  PHANTOM_CUDA_CHECK(cudaSetDevice(index));
  tls_device = index;
}

int current_device() {
  if (tls_device < 0) set_device(0);
  return tls_device;
}

cudaStream_t current_stream() {
  return context(current_device()).stream;
}

cublasHandle_t cublas_handle() {
  DeviceContext& ctx = context(current_device());
  if (!ctx.cublas) {
    PHANTOM_CUBLAS_CHECK(cublasCreate(&ctx.cublas));
    PHANTOM_CUBLAS_CHECK(cublasSetStream(ctx.cublas, ctx.stream));
    ctx.cublas_tf32 = !tf32_allowed;  // forces the math mode to be set below
  }
  if (ctx.cublas_tf32 != tf32_allowed) {
    PHANTOM_CUBLAS_CHECK(cublasSetMathMode(
        ctx.cublas, tf32_allowed ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_PEDANTIC_MATH));
    ctx.cublas_tf32 = tf32_allowed;
  }
  return ctx.cublas;
}

void* device_alloc(size_t bytes, int device) {
  return allocator().allocate(bytes, device);
}
void device_free(void* ptr, size_t bytes, int device) {
  allocator().release(ptr, bytes, device);
}
AllocatorStats allocator_stats() {
  return allocator().stats();
}

void copy(void* dst, int dst_device, const void* src, int src_device, size_t bytes) {
  if (bytes == 0) return;
  if (dst_device >= 0 && src_device >= 0) {
    if (dst_device == src_device) {
      set_device(dst_device);
      PHANTOM_CUDA_CHECK(
          cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, current_stream()));
    } else {  // between devices: finish both devices' queued work, then a blocking peer copy
      set_device(src_device);
      synchronize();
      set_device(dst_device);
      synchronize();
      PHANTOM_CUDA_CHECK(cudaMemcpyPeer(dst, dst_device, src, src_device, bytes));
    }
    return;
  }
  if (dst_device < 0 && src_device < 0) {
    std::memcpy(dst, src, bytes);
    return;
  }
  set_device(dst_device >= 0 ? dst_device : src_device);
  cudaStream_t stream = current_stream();
  staging().with_buffer(std::min(bytes, kStagingChunk), [&](void* pinned) {
    for (size_t done = 0; done < bytes; done += kStagingChunk) {
      size_t n = std::min(kStagingChunk, bytes - done);
      if (dst_device >= 0) {  // host -> device
        std::memcpy(pinned, static_cast<const char*>(src) + done, n);
        PHANTOM_CUDA_CHECK(cudaMemcpyAsync(static_cast<char*>(dst) + done, pinned, n,
                                           cudaMemcpyHostToDevice, stream));
      } else {  // device -> host (waits for the kernels that produce src)
        PHANTOM_CUDA_CHECK(cudaMemcpyAsync(pinned, static_cast<const char*>(src) + done, n,
                                           cudaMemcpyDeviceToHost, stream));
      }
      PHANTOM_CUDA_CHECK(cudaStreamSynchronize(stream));
      if (dst_device < 0) std::memcpy(static_cast<char*>(dst) + done, pinned, n);
    }
  });
}

void fill_f32(float* dst, int64_t n, float value) {
  for_each_index(n, [=] __device__(int64_t i) { dst[i] = value; });
}

void synchronize() {
  PHANTOM_CUDA_CHECK(cudaStreamSynchronize(current_stream()));
}

void set_allow_tf32(bool on) {
  tf32_allowed = on;
}
bool allow_tf32() {
  return tf32_allowed;
}

void set_conv_algorithm(ConvAlgorithm algorithm) {
  PHANTOM_REQUIRE(algorithm == ConvAlgorithm::ImplicitGemm || built_with_cudnn(),
                  "convolution algorithm cudnn: this phantom was built without cuDNN");
  conv_choice = algorithm;
}
ConvAlgorithm conv_algorithm() {
  return conv_choice;
}

double sum_f64(const double* v, int64_t n) {
  // Fixed grid: each block sums a strided share, then the host adds the partials in order.
  constexpr int kBlocks = 256;
  double* partial = static_cast<double*>(device_alloc(kBlocks * sizeof(double), current_device()));
  for_each_group(kBlocks, [=] __device__(int64_t b) {
    double acc = 0;
    for (int64_t i = b * kThreads + threadIdx.x; i < n; i += int64_t(kBlocks) * kThreads)
      acc += v[i];
    acc = block_sum(acc);
    if (threadIdx.x == 0) partial[b] = acc;
  });
  std::vector<double> host(kBlocks);
  copy(host.data(), -1, partial, current_device(), kBlocks * sizeof(double));
  device_free(partial, kBlocks * sizeof(double), current_device());
  double total = 0;
  for (double p : host) total += p;
  return total;
}

}  // namespace phantom::kernels::cuda
