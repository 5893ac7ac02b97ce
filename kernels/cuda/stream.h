// CUDA-only runtime internals for the kernels: the current device's stream and library handles.
// One stream per device: every kernel, cuBLAS and cuDNN call and device-to-device copy is queued
// on it, so the caching allocator may hand a freed block to the next op without a synchronisation.
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>

namespace phantom::kernels::cuda {

int current_device();
cudaStream_t current_stream();
cublasHandle_t cublas_handle();  // bound to current_stream(), math mode per allow_tf32()

}  // namespace phantom::kernels::cuda
