// CUDA-only runtime internals for the kernels: the current device's stream and library handles.
// One stream per device: every kernel, cuBLAS and cuDNN call and device-to-device copy is queued
// on it, so the caching allocator may hand a freed block to the next op without a synchronisation.
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "kernels/cuda/runtime.h"

namespace phantom::kernels::cuda {

int current_device();
cudaStream_t current_stream();
cublasHandle_t cublas_handle();  // bound to current_stream(), math mode per allow_tf32()

// Scratch memory of n values (at least one) on the current device from the caching allocator,
// returned on scope exit — also when a launch check throws in between.
template <class T>
class DeviceScratch {
 public:
  explicit DeviceScratch(int64_t n)
      : bytes_(static_cast<size_t>(n > 0 ? n : 1) * sizeof(T)),
        device_(current_device()),
        ptr_(static_cast<T*>(device_alloc(bytes_, device_))) {}
  ~DeviceScratch() { device_free(ptr_, bytes_, device_); }
  DeviceScratch(const DeviceScratch&) = delete;
  DeviceScratch& operator=(const DeviceScratch&) = delete;
  T* get() const { return ptr_; }

 private:
  size_t bytes_;
  int device_;
  T* ptr_;
};

}  // namespace phantom::kernels::cuda
