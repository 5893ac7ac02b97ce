// GEMM on the GPU through cuBLAS. Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ,
// and a row-major matrix with row stride ld is its column-major transpose with the same ld, so
// the call swaps the operands (and M with N) and keeps the transpose flags. TF32 tensor-core math
// only when allow_tf32() (stream.h binds the handle's math mode).
#include <type_traits>

#include "kernels/cuda/check.h"
#include "kernels/cuda/cublas_check.h"
#include "kernels/cuda/stream.h"
#include "kernels/gemm.h"

namespace phantom::kernels::cuda {

template <class T>
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
          int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  static_assert(std::is_same_v<T, float>, "the CUDA backend is f32");
  if (M == 0 || N == 0) return;
  PHANTOM_CUBLAS_CHECK(cublasSgemm_64(cublas_handle(), trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                                      trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, N, M, K, &alpha, B, ldb,
                                      A, lda, &beta, C, ldc));
  PHANTOM_LAUNCH_CHECK();
}

template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                          const float*, int64_t, float, float*, int64_t);

}  // namespace phantom::kernels::cuda
