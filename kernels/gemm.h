// General matrix multiply on row-major matrices:
//   C[M,N] = alpha * op(A) * op(B) + beta * C,  op(X) = X or Xᵀ,
// with leading dimensions (row strides) lda, ldb, ldc. `gemm` is the fast path (packed, blocked,
// AVX-512/AVX2 micro-kernels chosen at run time); `gemm_naive` is the oracle it is tested against.
#pragma once
#include <cstdint>

namespace phantom::kernels {
namespace cpu {

template <class T>
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
          int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc);

template <class T>
void gemm_naive(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
                int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc);

}  // namespace cpu

// The same kernels on the GPU (cuda/gemm.cu); pointers are device memory.
namespace cuda {
template <class T>
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
          int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc);
}  // namespace cuda
}  // namespace phantom::kernels
