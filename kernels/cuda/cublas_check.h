// Checked cuBLAS calls (see check.h): throws with file, line, the call and cuBLAS's status text.
#pragma once
#include <cublas_v2.h>

#include "kernels/cuda/check.h"

#define PHANTOM_CUBLAS_CHECK(call)                                                    \
  do {                                                                                \
    cublasStatus_t phantom_st_ = (call);                                              \
    if (phantom_st_ != CUBLAS_STATUS_SUCCESS)                                         \
      ::phantom::kernels::cuda::throw_cuda_error(__FILE__, __LINE__, #call,           \
                                                 cublasGetStatusString(phantom_st_)); \
  } while (0)
