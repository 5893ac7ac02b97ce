// AVX2 single-precision GEMM micro-kernel: a 6 x 16 tile of C in 12 ymm accumulators (the
// classic Haswell shape: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers).
// Edge tiles go through a small buffer and a scalar copy.
#include <immintrin.h>

#include "kernels/cpu/gemm_microkernel.h"

namespace phantom::kernels::cpu::gemm_detail {

namespace {

constexpr int kMr = 6;
constexpr int kNr = 16;

void kernel_6x16(int64_t kc, const float* Ap, const float* Bp, float* C, int64_t ldc, int64_t m,
                 int64_t n, float alpha, float beta) {
  __m256 lo[kMr], hi[kMr];
#pragma GCC unroll 6
  for (int i = 0; i < kMr; ++i) lo[i] = hi[i] = _mm256_setzero_ps();

  for (int64_t k = 0; k < kc; ++k) {
    __m256 b_lo = _mm256_load_ps(Bp);
    __m256 b_hi = _mm256_load_ps(Bp + 8);
#pragma GCC unroll 6
    for (int i = 0; i < kMr; ++i) {
      __m256 a = _mm256_broadcast_ss(Ap + i);
      lo[i] = _mm256_fmadd_ps(a, b_lo, lo[i]);
      hi[i] = _mm256_fmadd_ps(a, b_hi, hi[i]);
    }
    Ap += kMr;
    Bp += kNr;
  }

  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
  if (m == kMr && n == kNr) {
#pragma GCC unroll 6
    for (int i = 0; i < kMr; ++i) {
      float* row = C + i * ldc;
      __m256 out_lo = _mm256_mul_ps(va, lo[i]);
      __m256 out_hi = _mm256_mul_ps(va, hi[i]);
      if (beta != 0.0f) {  // beta == 0 must not read C (it may be NaN)
        out_lo = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row), out_lo);
        out_hi = _mm256_fmadd_ps(vb, _mm256_loadu_ps(row + 8), out_hi);
      }
      _mm256_storeu_ps(row, out_lo);
      _mm256_storeu_ps(row + 8, out_hi);
    }
    return;
  }
  alignas(32) float tile[kMr * kNr];
#pragma GCC unroll 6  // every index constant, so the accumulators stay in registers in the k loop
  for (int i = 0; i < kMr; ++i) {
    _mm256_store_ps(tile + i * kNr, lo[i]);
    _mm256_store_ps(tile + i * kNr + 8, hi[i]);
  }
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float prior = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
      C[i * ldc + j] = alpha * tile[i * kNr + j] + prior;
    }
}

}  // namespace

KernelSpec<float> avx2_f32_kernel() {
  return {kMr, kNr, /*mc=*/kMr * 24, /*kc=*/256, /*nc=*/3072, kernel_6x16, "avx2 6x16", nullptr};
}

}  // namespace phantom::kernels::cpu::gemm_detail
