// Internal to the fast GEMM: the blocked loops of the Goto/BLIS scheme with the packing of both
// operands supplied by the caller. `gemm` (gemm.cpp) packs ordinary matrices; the convolution
// (conv2d.cpp) packs its column matrix straight from the images, skipping the im2col buffer.
// Included only by files compiled for the baseline ISA (see gemm_microkernel.h).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/cpu/gemm_microkernel.h"

namespace phantom::kernels::cpu::gemm_detail {

// The portable micro-kernel `gemm<double>` uses (f64 serves gradchecks and needs no speed).
KernelSpec<double> portable_f64_kernel();

// Per-thread packing buffer `slot` (0: B, 1: A) of at least `count` elements, 64-byte aligned,
// grown on demand and kept (OpenMP threads persist).
float* pack_buffer_f32(int slot, size_t count);
double* pack_buffer_f64(int slot, size_t count);
template <class T>
T* pack_buffer(int slot, size_t count) {
  if constexpr (sizeof(T) == sizeof(float))
    return pack_buffer_f32(slot, count);
  else
    return pack_buffer_f64(slot, count);
}

// C[0:M, 0:N] = alpha * op(A) op(B) + beta * C on one thread. pack_a(ic, mc, pc, kc, out) writes
// op(A)[ic:ic+mc, pc:pc+kc] as ceil(mc/mr) micro-panels (for each k, mr values; zero past row
// mc); pack_b(pc, kc, jc, nc, out) writes op(B)[pc:pc+kc, jc:jc+nc] as ceil(nc/nr) micro-panels
// (for each k, nr values; zero past column nc).
template <class T, class PackA, class PackB>
void gemm_blocked(const KernelSpec<T>& s, int64_t M, int64_t N, int64_t K, T alpha, PackA&& pack_a,
                  PackB&& pack_b, T beta, T* C, int64_t ldc) {
  const int64_t kc_max = std::min(s.kc, K);
  const int64_t nc_max = std::min(s.nc, (N + s.nr - 1) / s.nr * s.nr);
  const int64_t mc_max = std::min(s.mc, (M + s.mr - 1) / s.mr * s.mr);
  T* Bp = pack_buffer<T>(0, static_cast<size_t>(kc_max * nc_max));
  T* Ap = pack_buffer<T>(1, static_cast<size_t>(mc_max * kc_max));
  for (int64_t jc = 0; jc < N; jc += s.nc) {
    const int64_t nc = std::min(s.nc, N - jc);
    for (int64_t pc = 0; pc < K; pc += s.kc) {
      const int64_t kc = std::min(s.kc, K - pc);
      pack_b(pc, kc, jc, nc, Bp);
      const T beta_block = pc == 0 ? beta : T(1);  // later k blocks accumulate onto the first
      for (int64_t ic = 0; ic < M; ic += s.mc) {
        const int64_t mc = std::min(s.mc, M - ic);
        pack_a(ic, mc, pc, kc, Ap);
        // Rows outer: the mr x kc panel of A (6 KiB) stays in L1 while the packed B block
        // streams from L2; a kc x nr panel of B (64 KiB for 6 x 64) would not fit L1.
        for (int64_t ir = 0; ir < mc; ir += s.mr)
          for (int64_t jr = 0; jr < nc; jr += s.nr)
            s.kernel(kc, Ap + ir * kc, Bp + jr * kc, C + (ic + ir) * ldc + jc + jr, ldc,
                     std::min(s.mr, mc - ir), std::min(s.nr, nc - jr), alpha, beta_block);
      }
    }
  }
}

// Packs op(A)[0:mc, 0:kc] into ceil(mc/mr) micro-panels; panel p holds, for each k, the mr
// values op(A)[p*mr + r, k] (zero past row mc).
template <class T>
void pack_a(bool trans, const T* A, int64_t lda, int64_t mc, int64_t kc, int64_t mr, T* out) {
  for (int64_t p = 0; p < mc; p += mr, out += mr * kc) {
    int64_t rows = std::min(mr, mc - p);
    if (trans) {  // op(A)[i, k] = A[k, i]: each k step reads `rows` contiguous values
      for (int64_t k = 0; k < kc; ++k) {
        const T* src = A + k * lda + p;
        T* dst = out + k * mr;
        for (int64_t r = 0; r < rows; ++r) dst[r] = src[r];
        for (int64_t r = rows; r < mr; ++r) dst[r] = T(0);
      }
    } else {
      for (int64_t r = 0; r < rows; ++r) {
        const T* src = A + (p + r) * lda;
        for (int64_t k = 0; k < kc; ++k) out[k * mr + r] = src[k];
      }
      for (int64_t r = rows; r < mr; ++r)
        for (int64_t k = 0; k < kc; ++k) out[k * mr + r] = T(0);
    }
  }
}

}  // namespace phantom::kernels::cpu::gemm_detail
