// The GEMM oracle: the textbook triple loop in f64 accumulation. Slow on purpose; kept simple.
#include "kernels/gemm.h"

namespace phantom::kernels::cpu {

template <class T>
void gemm_naive(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
                int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k) {
        double a = trans_a ? A[k * lda + i] : A[i * lda + k];
        double b = trans_b ? B[j * ldb + k] : B[k * ldb + j];
        acc += a * b;
      }
      T prior = beta == T(0) ? T(0) : beta * C[i * ldc + j];  // beta = 0 ignores C (may be NaN)
      C[i * ldc + j] = static_cast<T>(alpha * acc) + prior;
    }
}

template void gemm_naive<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                                const float*, int64_t, float, float*, int64_t);
template void gemm_naive<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*,
                                 int64_t, const double*, int64_t, double, double*, int64_t);

}  // namespace phantom::kernels::cpu
