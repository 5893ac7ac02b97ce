// Checked CUDA calls: every runtime, cuBLAS and cuDNN call goes through one of these macros, which
// throw with file, line and the call's text; PHANTOM_LAUNCH_CHECK follows every kernel launch and,
// with PHANTOM_SYNC=1, synchronises so an error is pinned to the kernel that caused it.
#pragma once
#include <cuda_runtime.h>

#include <string>

namespace phantom::kernels::cuda {

[[noreturn]] void throw_cuda_error(const char* file, int line, const char* call,
                                   const std::string& what);
bool sync_after_each_op();

}  // namespace phantom::kernels::cuda

#define PHANTOM_CUDA_CHECK(call)                                                    \
  do {                                                                              \
    cudaError_t phantom_err_ = (call);                                              \
    if (phantom_err_ != cudaSuccess)                                                \
      ::phantom::kernels::cuda::throw_cuda_error(__FILE__, __LINE__, #call,         \
                                                 cudaGetErrorString(phantom_err_)); \
  } while (0)

#define PHANTOM_LAUNCH_CHECK()                          \
  do {                                                  \
    PHANTOM_CUDA_CHECK(cudaGetLastError());             \
    if (::phantom::kernels::cuda::sync_after_each_op()) \
      PHANTOM_CUDA_CHECK(cudaDeviceSynchronize());      \
  } while (0)
