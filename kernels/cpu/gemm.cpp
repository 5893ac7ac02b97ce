// Fast GEMM (Goto/BLIS scheme). For each kc x nc block of op(B) and mc x kc block of op(A), both
// are packed into contiguous, zero-padded micro-panels (nr columns / mr rows per k step), and a
// register-tiled micro-kernel sweeps the mr x nr tiles of C. Packing makes every transpose and
// leading dimension look the same to the micro-kernel and keeps its loads unit-stride and aligned.
// The micro-kernel is chosen once at run time: AVX-512, AVX2, or portable C++ (also used for f64,
// which serves gradchecks and needs no speed). Threads take chunks of C dynamically, each packing
// its own panels, so they never wait on each other.
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

#include "kernels/cpu/gemm_blocked.h"
#include "kernels/cpu/gemm_microkernel.h"
#include "kernels/gemm.h"

namespace phantom::kernels::cpu {

namespace {

using gemm_detail::KernelSpec;

// Portable micro-kernel: fixed-size loops the compiler can vectorise with the baseline ISA.
template <class T, int MR, int NR>
void portable_kernel(int64_t kc, const T* Ap, const T* Bp, T* C, int64_t ldc, int64_t m, int64_t n,
                     T alpha, T beta) {
  T acc[MR][NR] = {};
  for (int64_t k = 0; k < kc; ++k, Ap += MR, Bp += NR)
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NR; ++j) acc[i][j] += Ap[i] * Bp[j];
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      T prior = beta == T(0) ? T(0) : beta * C[i * ldc + j];  // beta = 0 ignores C (may be NaN)
      C[i * ldc + j] = alpha * acc[i][j] + prior;
    }
}

template <class T>
KernelSpec<T> portable_spec() {
  return {4, 8, 4 * 32, 256, 2048, portable_kernel<T, 4, 8>, "portable 4x8", nullptr};
}

// Packs op(B)[0:kc, 0:nc] into ceil(nc/nr) micro-panels; panel p holds, for each k, the nr
// values op(B)[k, p*nr + c] (zero past column nc). Source rows are read whole and in order, so
// the hardware prefetcher streams them (a panel-by-panel walk would hop rows and stall on L3).
template <class T>
void pack_b(bool trans, const T* B, int64_t ldb, int64_t kc, int64_t nc, int64_t nr, T* out) {
  if (trans) {  // op(B)[k, j] = B[j, k]: each column j of op(B) is a contiguous row of B
    // A transpose, done kStep k at a time: the kStep x nr slice of the panel being written and
    // the nr source lines being read stay in L1 (a whole 64 KiB panel at once would not).
    constexpr int64_t kStep = 16;
    for (int64_t p = 0; p < nc; p += nr, out += nr * kc) {
      int64_t cols = std::min(nr, nc - p);
      for (int64_t k0 = 0; k0 < kc; k0 += kStep) {
        int64_t k1 = std::min(kc, k0 + kStep);
        for (int64_t c = 0; c < cols; ++c) {
          const T* src = B + (p + c) * ldb;
          for (int64_t k = k0; k < k1; ++k) out[k * nr + c] = src[k];
        }
        for (int64_t k = k0; k < k1; ++k) std::fill(out + k * nr + cols, out + (k + 1) * nr, T(0));
      }
    }
    return;
  }
  for (int64_t k = 0; k < kc; ++k) {
    const T* src = B + k * ldb;
    for (int64_t p = 0; p < nc; p += nr) {
      T* dst = out + p * kc + k * nr;
      int64_t cols = std::min(nr, nc - p);
      for (int64_t c = 0; c < cols; ++c) dst[c] = src[p + c];  // inlined: a memmove call per
      for (int64_t c = cols; c < nr; ++c) dst[c] = T(0);  // 128 bytes costs more than it copies
    }
  }
}

// One thread's share: the whole blocked algorithm on C[0:M, 0:N] (pointers already offset).
template <class T>
void gemm_serial(const KernelSpec<T>& s, bool trans_a, bool trans_b, int64_t M, int64_t N,
                 int64_t K, T alpha, const T* A, int64_t lda, const T* B, int64_t ldb, T beta, T* C,
                 int64_t ldc) {
  auto pack_a_block = [&](int64_t ic, int64_t mc, int64_t pc, int64_t kc, T* out) {
    gemm_detail::pack_a(trans_a, trans_a ? A + pc * lda + ic : A + ic * lda + pc, lda, mc, kc, s.mr,
                        out);
  };
  auto pack_b_block = [&](int64_t pc, int64_t kc, int64_t jc, int64_t nc, T* out) {
    if (trans_b && s.pack_b_trans)
      s.pack_b_trans(B + jc * ldb + pc, ldb, kc, nc, s.nr, out);
    else
      pack_b(trans_b, trans_b ? B + jc * ldb + pc : B + pc * ldb + jc, ldb, kc, nc, s.nr, out);
  };
  gemm_detail::gemm_blocked(s, M, N, K, alpha, pack_a_block, pack_b_block, beta, C, ldc);
}

// C = beta * C, with beta = 0 writing zeros (NaN in C must not survive).
template <class T>
void scale_c(int64_t M, int64_t N, T beta, T* C, int64_t ldc) {
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) C[i * ldc + j] = beta == T(0) ? T(0) : beta * C[i * ldc + j];
}

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}
int64_t round_up(int64_t a, int64_t multiple) {
  return ceil_div(a, multiple) * multiple;
}

// Below this many multiply-adds a parallel region costs more than it saves.
constexpr int64_t kParallelMinWork = int64_t{1} << 21;

}  // namespace

namespace gemm_detail {

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

void* pack_buffer_bytes(int slot, size_t bytes) {
  thread_local std::unique_ptr<void, FreeDeleter> buffers[2];
  thread_local size_t capacity[2] = {0, 0};
  bytes = (bytes + 63) / 64 * 64;
  if (bytes > capacity[slot]) {
    buffers[slot].reset(std::aligned_alloc(64, bytes));
    if (!buffers[slot]) throw std::bad_alloc();
    capacity[slot] = bytes;
  }
  return buffers[slot].get();
}

}  // namespace

float* pack_buffer_f32(int slot, size_t count) {
  return static_cast<float*>(pack_buffer_bytes(slot, count * sizeof(float)));
}
double* pack_buffer_f64(int slot, size_t count) {
  return static_cast<double*>(pack_buffer_bytes(slot, count * sizeof(double)));
}

KernelSpec<double> portable_f64_kernel() {
  return portable_spec<double>();
}

bool isa_supported(Isa isa) {
  __builtin_cpu_init();
  switch (isa) {
    case Isa::Portable:
      return true;
    case Isa::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
      return __builtin_cpu_supports("avx512f");
  }
  return false;
}

KernelSpec<float> f32_kernel(Isa isa) {
  switch (isa) {
    case Isa::Portable:
      return portable_spec<float>();
    case Isa::Avx2:
      return avx2_f32_kernel();
    case Isa::Avx512:
      return avx512_f32_kernel();
  }
  return portable_spec<float>();
}

KernelSpec<float> selected_f32_kernel() {
  static const KernelSpec<float> spec = f32_kernel(isa_supported(Isa::Avx512) ? Isa::Avx512
                                                   : isa_supported(Isa::Avx2) ? Isa::Avx2
                                                                              : Isa::Portable);
  return spec;
}

template <class T>
void gemm_with_kernel(const KernelSpec<T>& spec, bool trans_a, bool trans_b, int64_t M, int64_t N,
                      int64_t K, T alpha, const T* A, int64_t lda, const T* B, int64_t ldb, T beta,
                      T* C, int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == T(0)) return scale_c(M, N, beta, C, ldc);

  int threads = omp_in_parallel() || M * N * K < kParallelMinWork ? 1 : omp_get_max_threads();
  if (threads <= 1)
    return gemm_serial(spec, trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);

  // About kChunksPerThread chunks of C per thread, handed out dynamically: the cores are shared,
  // and with one stripe per thread a descheduled thread stalls the whole product (measured: 2
  // static stripes fell to a quarter of the 1-thread speed under load). Columns split first
  // (a chunk packs all of its op(B) columns once); rows only when there are too few columns.
  // Two per thread, not more: every chunk packs its own A and B, and smaller chunks cost more
  // than they balance (1-thread: 256x512x2304 chunks 95 GFLOP/s, 132x256x2304 chunks 88).
  constexpr int64_t kChunksPerThread = 2, kMinChunkCols = 256, kMinChunkRows = 48;
  const int64_t target = kChunksPerThread * threads;
  const int64_t chunk_n = std::max(round_up(ceil_div(N, target), spec.nr), kMinChunkCols);
  const int64_t n_chunks = ceil_div(N, chunk_n);
  const int64_t chunk_m =
      std::max(round_up(ceil_div(M, ceil_div(target, n_chunks)), spec.mr), kMinChunkRows);
  const int64_t m_chunks = ceil_div(M, chunk_m);

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int64_t chunk = 0; chunk < m_chunks * n_chunks; ++chunk) {
    const int64_t i0 = chunk / n_chunks * chunk_m, j0 = chunk % n_chunks * chunk_n;
    const int64_t rows = std::min(chunk_m, M - i0), cols = std::min(chunk_n, N - j0);
    gemm_serial(spec, trans_a, trans_b, rows, cols, K, alpha, trans_a ? A + i0 : A + i0 * lda, lda,
                trans_b ? B + j0 * ldb : B + j0, ldb, beta, C + i0 * ldc + j0, ldc);
  }
}

template void gemm_with_kernel<float>(const KernelSpec<float>&, bool, bool, int64_t, int64_t,
                                      int64_t, float, const float*, int64_t, const float*, int64_t,
                                      float, float*, int64_t);
template void gemm_with_kernel<double>(const KernelSpec<double>&, bool, bool, int64_t, int64_t,
                                       int64_t, double, const double*, int64_t, const double*,
                                       int64_t, double, double*, int64_t);

}  // namespace gemm_detail

// f32 takes the fastest micro-kernel this CPU runs; f64 (gradchecks only) the portable one.
template <class T>
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A,
          int64_t lda, const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  KernelSpec<T> spec;
  if constexpr (std::is_same_v<T, float>)
    spec = gemm_detail::selected_f32_kernel();
  else
    spec = gemm_detail::portable_f64_kernel();
  gemm_detail::gemm_with_kernel(spec, trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C,
                                ldc);
}

template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, float, const float*, int64_t,
                          const float*, int64_t, float, float*, int64_t);
template void gemm<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                           const double*, int64_t, double, double*, int64_t);

}  // namespace phantom::kernels::cpu
