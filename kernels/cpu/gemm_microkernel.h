// Internal to the fast GEMM: the contract between the blocked driver (gemm.cpp) and the
// ISA-specific micro-kernels (gemm_avx512.cpp, gemm_avx2.cpp, and the portable one in gemm.cpp).
// The ISA files are compiled with their -m flags, so this header must stay free of anything with
// external linkage that could be emitted there with those instructions (an inline function from
// a shared header could be merged by the linker and reach a CPU without them).
#pragma once
#include <cstdint>

namespace phantom::kernels::cpu::gemm_detail {

// Computes one MR x NR tile, C = alpha * (Ap · Bp) + beta * C, over kc steps. Ap holds MR values
// of op(A) per k step (a column of the tile's rows), Bp holds NR values of op(B) per k step; both
// are zero-padded to the full tile, 64-byte aligned. Only the top-left m x n corner of the tile
// is written (edge tiles). beta == 0 never reads C, so C may hold NaN or garbage.
template <class T>
using MicroKernel = void (*)(int64_t kc, const T* Ap, const T* Bp, T* C, int64_t ldc, int64_t m,
                             int64_t n, T alpha, T beta);

// Packs a transposed op(B) (op(B)[k, j] = B[j * ldb + k]) for k in [0, kc), j in [0, nc) into
// nr-column micro-panels, exactly as the portable pack_b in gemm.cpp does; an ISA may provide
// one because the transpose is the costly packing case (the weight gradient of a convolution).
template <class T>
using PackBTrans = void (*)(const T* B, int64_t ldb, int64_t kc, int64_t nc, int64_t nr, T* out);

// A micro-kernel and the cache blocking that suits it: an mr x kc panel of A stays in L1 while
// the kc x nc block of B streams past it from L2; the mc x kc block of A sits in L2/L3.
template <class T>
struct KernelSpec {
  int64_t mr, nr;
  int64_t mc, kc, nc;
  MicroKernel<T> kernel;
  const char* name;
  PackBTrans<T> pack_b_trans;  // null: the portable loop
};

KernelSpec<float> avx512_f32_kernel();  // gemm_avx512.cpp
KernelSpec<float> avx2_f32_kernel();    // gemm_avx2.cpp

// For tests and the bench: every f32 micro-kernel can be run on a CPU that supports it, so the
// ones `gemm` does not pick here are still checked against the oracle.
enum class Isa { Portable, Avx2, Avx512 };
bool isa_supported(Isa isa);
KernelSpec<float> f32_kernel(Isa isa);
KernelSpec<float> selected_f32_kernel();  // what `gemm<float>` uses on this CPU

// The blocked, threaded driver behind `gemm`, with an explicit micro-kernel.
template <class T>
void gemm_with_kernel(const KernelSpec<T>& spec, bool trans_a, bool trans_b, int64_t M, int64_t N,
                      int64_t K, T alpha, const T* A, int64_t lda, const T* B, int64_t ldb, T beta,
                      T* C, int64_t ldc);

}  // namespace phantom::kernels::cpu::gemm_detail
