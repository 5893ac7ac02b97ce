// AVX-512 single-precision GEMM micro-kernel: an MR x (16 * NV) tile of C (6 x 64 here) held in
// MR * NV zmm accumulators; per k step NV vector loads of B and MR broadcasts of A feed MR * NV
// FMAs. Edge tiles use masked loads and stores, so no scalar tail code is needed.
#include <immintrin.h>

#include "kernels/cpu/gemm_microkernel.h"

namespace phantom::kernels::cpu::gemm_detail {

namespace {

__mmask16 lane_mask(int64_t lanes) {
  if (lanes >= 16) return 0xFFFF;
  if (lanes <= 0) return 0;
  return static_cast<__mmask16>((1u << lanes) - 1u);
}

template <int MR, int NV>
void kernel(int64_t kc, const float* Ap, const float* Bp, float* C, int64_t ldc, int64_t m,
            int64_t n, float alpha, float beta) {
  constexpr int NR = 16 * NV;
  __m512 acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
    _mm_prefetch(reinterpret_cast<const char*>(C + i * ldc), _MM_HINT_T0);

  for (int64_t k = 0; k < kc; ++k) {
    __m512 b[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) b[v] = _mm512_load_ps(Bp + 16 * v);
    _mm_prefetch(reinterpret_cast<const char*>(Bp + 8 * NR), _MM_HINT_T0);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      __m512 a = _mm512_set1_ps(Ap[i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(a, b[v], acc[i][v]);
    }
    Ap += MR;
    Bp += NR;
  }

  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
  __mmask16 mask[NV];
  for (int v = 0; v < NV; ++v) mask[v] = lane_mask(n - 16 * v);
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i) {
    if (i >= m) break;
    float* row = C + i * ldc;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      __m512 out = _mm512_mul_ps(va, acc[i][v]);
      if (beta != 0.0f)  // beta == 0 must not read C (it may be NaN)
        out = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mask[v], row + 16 * v), out);
      _mm512_mask_storeu_ps(row + 16 * v, mask[v], out);
    }
  }
}

}  // namespace

KernelSpec<float> avx512_f32_kernel() {
  // 6 x 64: 24 accumulators. Measured against 14 x 32, 12 x 32 and 8 x 48 on Zen 5; it wins on
  // the M = 64..256 of convolutions and ties on square shapes.
  constexpr int kMr = 6, kNv = 4;
  return {kMr, 16 * kNv, /*mc=*/kMr * 24, /*kc=*/256, /*nc=*/4096, kernel<kMr, kNv>, "avx512 6x64"};
}

}  // namespace phantom::kernels::cpu::gemm_detail
