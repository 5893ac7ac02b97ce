// The CUDA runtime surface the engine uses: devices, memory from a caching allocator, copies
// through pinned staging buffers, and the math switches (TF32, convolution algorithm). Built from
// runtime.cu when the toolkit is present; otherwise runtime_stub.cpp answers "no device" and
// refuses allocations with a clear error. No CUDA types appear here, so any file may include it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace phantom::kernels::cuda {

bool built_with_cuda();
bool built_with_cudnn();
// Number of usable devices (0 without a build or driver); `why_none` explains a 0.
int device_count(std::string* why_none = nullptr);
std::string device_name(int index);
// Makes `index` the calling thread's device; kernels then run on that device's one stream.
void set_device(int index);

void* device_alloc(size_t bytes, int device);
void device_free(void* ptr, size_t bytes, int device);
// Copies between host (device = -1) and device memory. Host<->device copies go through a pinned
// staging buffer and are complete on return; device-to-device copies are ordered on the stream.
void copy(void* dst, int dst_device, const void* src, int src_device, size_t bytes);
void fill_f32(float* dst, int64_t n, float value);
// Waits for all work queued on the current device.
void synchronize();

struct AllocatorStats {
  size_t allocated_bytes = 0;  // live tensor memory
  size_t cached_bytes = 0;     // freed blocks kept for reuse
  size_t peak_bytes = 0;
};
AllocatorStats allocator_stats();

// TF32 tensor-core math in cuBLAS and cuDNN: off by default (f32 results match the CPU to f32
// rounding); PHANTOM_ALLOW_TF32=1 or set_allow_tf32(true) turns it on for speed.
void set_allow_tf32(bool on);
bool allow_tf32();

// Convolutions run through cuDNN when built with it, else through phantom's implicit-GEMM
// kernel; PHANTOM_CONV=implicit or set_conv_algorithm selects the latter explicitly.
enum class ConvAlgorithm { Cudnn, ImplicitGemm };
void set_conv_algorithm(ConvAlgorithm algorithm);
ConvAlgorithm conv_algorithm();

}  // namespace phantom::kernels::cuda
