// The fast GEMM against the naive oracle: odd shapes around every micro-tile edge, both
// transposes, padded leading dimensions, alpha/beta, beta = 0 over NaN, f32 and f64, and every
// f32 micro-kernel this CPU can run (not only the one `gemm` picks).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kernels/cpu/gemm_microkernel.h"
#include "kernels/gemm.h"

using namespace phantom::kernels::cpu;
using gemm_detail::Isa;

namespace {

struct Problem {
  bool trans_a, trans_b;
  int64_t M, N, K;
  int64_t pad;  // extra elements per row of A, B and C (leading dimension > row length)
  double alpha, beta;
};

template <class T>
using Gemm = std::function<void(bool, bool, int64_t, int64_t, int64_t, T, const T*, int64_t,
                                const T*, int64_t, T, T*, int64_t)>;

// Runs `fast` and the oracle on the same random inputs; returns the largest error relative to
// the size of the terms (K products of values in [-1, 1]).
template <class T>
double max_error(const Problem& p, const Gemm<T>& fast, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  const int64_t a_rows = p.trans_a ? p.K : p.M, a_cols = p.trans_a ? p.M : p.K;
  const int64_t b_rows = p.trans_b ? p.N : p.K, b_cols = p.trans_b ? p.K : p.N;
  const int64_t lda = a_cols + p.pad, ldb = b_cols + p.pad, ldc = p.N + p.pad;
  std::vector<T> A(a_rows * lda), B(b_rows * ldb), C(p.M * ldc);
  for (T& x : A) x = T(dist(rng));
  for (T& x : B) x = T(dist(rng));
  for (T& x : C) x = p.beta == 0 ? std::numeric_limits<T>::quiet_NaN() : T(dist(rng));
  std::vector<T> expected = C;
  gemm_naive<T>(p.trans_a, p.trans_b, p.M, p.N, p.K, T(p.alpha), A.data(), lda, B.data(), ldb,
                T(p.beta), expected.data(), ldc);
  fast(p.trans_a, p.trans_b, p.M, p.N, p.K, T(p.alpha), A.data(), lda, B.data(), ldb, T(p.beta),
       C.data(), ldc);
  double worst = 0;
  for (int64_t i = 0; i < p.M; ++i)
    for (int64_t j = 0; j < ldc; ++j) {
      double got = C[i * ldc + j], want = expected[i * ldc + j];
      if (j >= p.N) {  // padding must be left alone (NaN stays NaN)
        if (!(std::isnan(got) && std::isnan(want)) && got != want) return INFINITY;
        continue;
      }
      if (std::isnan(got)) return INFINITY;
      worst = std::max(worst, std::abs(got - want) / (1.0 + std::sqrt(double(p.K))));
    }
  return worst;
}

std::vector<Problem> odd_problems(uint32_t seed, int count) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> dim(1, 67), pad(0, 5), coin(0, 1);
  const double alphas[] = {1.0, -0.75, 2.5};
  const double betas[] = {0.0, 1.0, -0.5};
  std::vector<Problem> out;
  for (int i = 0; i < count; ++i)
    out.push_back({coin(rng) == 1, coin(rng) == 1, dim(rng), dim(rng), dim(rng),
                   pad(rng) * coin(rng), alphas[i % 3], betas[(i / 3) % 3]});
  return out;
}

std::string describe(const Problem& p) {
  return "trans_a=" + std::to_string(p.trans_a) + " trans_b=" + std::to_string(p.trans_b) +
         " M=" + std::to_string(p.M) + " N=" + std::to_string(p.N) + " K=" + std::to_string(p.K) +
         " pad=" + std::to_string(p.pad) + " alpha=" + std::to_string(p.alpha) +
         " beta=" + std::to_string(p.beta);
}

// Shapes that cross every cache block (kc = 256, mc = 144, nc = 4096 for AVX-512) and the
// threaded split, in all four transpose combinations.
std::vector<Problem> blocked_problems() {
  std::vector<Problem> out;
  for (int t = 0; t < 4; ++t) {
    out.push_back({(t & 1) != 0, (t & 2) != 0, 150, 70, 600, 3, 1.0, 0.0});
    out.push_back({(t & 1) != 0, (t & 2) != 0, 7, 4130, 260, 0, -1.0, 0.5});
    out.push_back({(t & 1) != 0, (t & 2) != 0, 301, 33, 129, 1, 0.5, 1.0});
  }
  return out;
}

}  // namespace

TEST_CASE("f32 gemm matches the oracle on odd shapes, with every micro-kernel") {
  for (Isa isa : {Isa::Portable, Isa::Avx2, Isa::Avx512}) {
    if (!gemm_detail::isa_supported(isa)) {
      MESSAGE("micro-kernel not supported by this CPU, skipped: ", static_cast<int>(isa));
      continue;
    }
    const gemm_detail::KernelSpec<float> spec = gemm_detail::f32_kernel(isa);
    CAPTURE(spec.name);
    auto fast = [&](bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                    int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc) {
      gemm_detail::gemm_with_kernel<float>(spec, ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C,
                                           ldc);
    };
    uint32_t seed = 1;
    for (const Problem& p : odd_problems(42 + static_cast<uint32_t>(isa), 300)) {
      CAPTURE(describe(p));
      CHECK(max_error<float>(p, fast, seed++) < 1e-5);
    }
    for (const Problem& p : blocked_problems()) {
      CAPTURE(describe(p));
      CHECK(max_error<float>(p, fast, seed++) < 1e-5);
    }
  }
}

TEST_CASE("gemm<float> and gemm<double> match the oracle") {
  uint32_t seed = 1000;
  for (const Problem& p : odd_problems(7, 200)) {
    CAPTURE(describe(p));
    CHECK(max_error<float>(p, gemm<float>, seed++) < 1e-5);
    CHECK(max_error<double>(p, gemm<double>, seed++) < 1e-13);
  }
  for (const Problem& p : blocked_problems()) {
    CAPTURE(describe(p));
    CHECK(max_error<float>(p, gemm<float>, seed++) < 1e-5);
    CHECK(max_error<double>(p, gemm<double>, seed++) < 1e-13);
  }
}

TEST_CASE("gemm degenerate sizes: M, N or K = 0 and alpha = 0") {
  std::vector<float> A(4, 1.0f), B(4, 1.0f);
  std::vector<float> C = {std::numeric_limits<float>::quiet_NaN(), 2.0f, 3.0f, 4.0f};
  gemm<float>(false, false, 0, 2, 2, 1.0f, A.data(), 2, B.data(), 2, 0.0f, C.data(), 2);
  CHECK(std::isnan(C[0]));  // M = 0: nothing to write
  gemm<float>(false, false, 2, 2, 0, 1.0f, A.data(), 2, B.data(), 2, 0.0f, C.data(), 2);
  CHECK(C == std::vector<float>{0, 0, 0, 0});  // K = 0, beta = 0: C = 0 even over NaN
  C = {1, 2, 3, 4};
  gemm<float>(false, false, 2, 2, 2, 0.0f, A.data(), 2, B.data(), 2, 2.0f, C.data(), 2);
  CHECK(C == std::vector<float>{2, 4, 6, 8});  // alpha = 0: C = beta C
  // 1 x 1 x 1.
  float a = 3, b = -2, c = 1;
  gemm<float>(true, true, 1, 1, 1, 0.5f, &a, 1, &b, 1, 2.0f, &c, 1);
  CHECK(c == doctest::Approx(-1.0));
}
