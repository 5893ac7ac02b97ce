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

// GCC 12's unpack/shuffle intrinsics pass _mm512_undefined_ps() (a self-initialised variable) as
// the unused merge source, which -Wmaybe-uninitialized reports once inlined (GCC bug 105593).
// Clang has no such warning (and rejects the unknown group under -Werror), so GCC only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// In-register transpose of a 16 x 16 block: r[i] lane j becomes r[j] lane i. Four rounds of
// interleaving, each doubling the width of the pieces that are already in place (32-bit pairs,
// 64-bit pairs, then 128-bit lanes twice).
void transpose16(__m512 r[16]) {
  __m512 t[16], u[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  auto lo64 = [](__m512 a, __m512 b) {
    return _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
  };
  auto hi64 = [](__m512 a, __m512 b) {
    return _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
  };
  // u[4q + e], 128-bit lane l: rows 4q..4q+3 of column 4l + e.
  for (int q = 0; q < 16; q += 4) {
    u[q] = lo64(t[q], t[q + 2]);
    u[q + 1] = hi64(t[q], t[q + 2]);
    u[q + 2] = lo64(t[q + 1], t[q + 3]);
    u[q + 3] = hi64(t[q + 1], t[q + 3]);
  }
  // Column 4l + e gathers lane l of u[e], u[4 + e], u[8 + e], u[12 + e].
  for (int e = 0; e < 4; ++e) {
    __m512 x0 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0x88);  // lanes 0, 2 | 0, 2
    __m512 x1 = _mm512_shuffle_f32x4(u[e], u[4 + e], 0xdd);  // lanes 1, 3 | 1, 3
    __m512 y0 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0x88);
    __m512 y1 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], 0xdd);
    r[e] = _mm512_shuffle_f32x4(x0, y0, 0x88);
    r[4 + e] = _mm512_shuffle_f32x4(x1, y1, 0x88);
    r[8 + e] = _mm512_shuffle_f32x4(x0, y0, 0xdd);
    r[12 + e] = _mm512_shuffle_f32x4(x1, y1, 0xdd);
  }
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// The transposed packing in 16 x 16 blocks: 16 rows of B (16 columns of op(B)) are read 16 k at
// a time and stored as 16 k steps of a panel. nr must be a multiple of 16.
void pack_b_trans(const float* B, int64_t ldb, int64_t kc, int64_t nc, int64_t nr, float* out) {
  for (int64_t p = 0; p < nc; p += nr, out += nr * kc)
    for (int64_t c0 = 0; c0 < nr; c0 += 16)
      for (int64_t k0 = 0; k0 < kc; k0 += 16) {
        const __mmask16 k_mask = lane_mask(kc - k0);
        __m512 r[16];
#pragma GCC unroll 16
        for (int64_t c = 0; c < 16; ++c)
          r[c] = p + c0 + c < nc ? _mm512_maskz_loadu_ps(k_mask, B + (p + c0 + c) * ldb + k0)
                                 : _mm512_setzero_ps();  // zero padding past column nc
        transpose16(r);
        for (int64_t k = 0; k < 16 && k0 + k < kc; ++k)
          _mm512_store_ps(out + (k0 + k) * nr + c0, r[k]);
      }
}

}  // namespace

KernelSpec<float> avx512_f32_kernel() {
  // 6 x 64: 24 accumulators. Measured against 14 x 32, 12 x 32 and 8 x 48 on Zen 5; it wins on
  // the M = 64..256 of convolutions and ties on square shapes.
  constexpr int kMr = 6, kNv = 4;
  return {kMr,         16 * kNv,         /*mc=*/kMr * 24, /*kc=*/256,
          /*nc=*/4096, kernel<kMr, kNv>, "avx512 6x64",   pack_b_trans};
}

}  // namespace phantom::kernels::cpu::gemm_detail
