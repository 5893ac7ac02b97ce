// The Jacobi eigensolver against matrices with known spectra, and FID against closed forms.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "attacks/metrics/fid.h"
#include "attacks/metrics/symmetric_eigen.h"
#include "engine/core/random.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

// A random symmetric n x n matrix with entries in [-1, 1].
std::vector<double> random_symmetric(int64_t n, uint64_t seed) {
  std::vector<double> u = Generator(seed).uniform({n, n}, -1, 1, DType::F64).to_vector();
  std::vector<double> a(u.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      a[static_cast<size_t>(i * n + j)] =
          0.5 * (u[static_cast<size_t>(i * n + j)] + u[static_cast<size_t>(j * n + i)]);
  return a;
}

double max_abs_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

std::vector<double> transpose(const std::vector<double>& a, int64_t n) {
  std::vector<double> t(a.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      t[static_cast<size_t>(j * n + i)] = a[static_cast<size_t>(i * n + j)];
  return t;
}

GaussianStats stats(std::vector<double> mean, std::vector<double> covariance) {
  const auto d = static_cast<int64_t>(mean.size());
  return {d, 100, std::move(mean), std::move(covariance)};
}

}  // namespace

TEST_CASE("Jacobi: a 2x2 matrix's eigenpairs") {
  SymmetricEigen e = symmetric_eigen({2, 1, 1, 2}, 2);
  CHECK(e.values[0] == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(e.values[1] == doctest::Approx(3.0).epsilon(1e-15));
  // Columns: (1, −1)/√2 for 1 and (1, 1)/√2 for 3, up to sign.
  CHECK(std::abs(e.vectors[0] * e.vectors[2]) == doctest::Approx(0.5));
  CHECK(e.vectors[0] * e.vectors[2] < 0);  // column 0 components have opposite signs
  CHECK(e.vectors[1] * e.vectors[3] == doctest::Approx(0.5));
}

TEST_CASE("Jacobi: tridiagonal Toeplitz spectrum a + 2b·cos(jπ/(n+1))") {
  const int64_t n = 9;
  const double a = 4, b = -1.5;
  std::vector<double> m(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    m[static_cast<size_t>(i * n + i)] = a;
    if (i + 1 < n)
      m[static_cast<size_t>(i * n + i + 1)] = m[static_cast<size_t>((i + 1) * n + i)] = b;
  }
  std::vector<double> expected;
  for (int64_t j = 1; j <= n; ++j)
    expected.push_back(
        a +
        2 * b * std::cos(static_cast<double>(j) * std::numbers::pi / static_cast<double>(n + 1)));
  std::sort(expected.begin(), expected.end());
  SymmetricEigen e = symmetric_eigen(m, n);
  CHECK(max_abs_difference(e.values, expected) < 1e-13);
}

TEST_CASE("Jacobi: a random symmetric matrix is V·Λ·Vᵀ with orthonormal V") {
  const int64_t n = 40;
  const std::vector<double> a = random_symmetric(n, 3);
  SymmetricEigen e = symmetric_eigen(a, n);
  CHECK(std::is_sorted(e.values.begin(), e.values.end()));
  std::vector<double> v_lambda = e.vectors;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      v_lambda[static_cast<size_t>(i * n + j)] *= e.values[static_cast<size_t>(j)];
  CHECK(max_abs_difference(matmul_square(v_lambda, transpose(e.vectors, n), n), a) < 1e-13);
  std::vector<double> identity(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i) identity[static_cast<size_t>(i * n + i)] = 1;
  CHECK(max_abs_difference(matmul_square(transpose(e.vectors, n), e.vectors, n), identity) < 1e-13);
}

TEST_CASE("psd_sqrt squares back to the matrix, also when it is rank-deficient") {
  const int64_t n = 12;
  // B·Bᵀ with B of rank 5: PSD with 7 zero eigenvalues that come out as ±rounding.
  std::vector<double> b = Generator(5).normal({n, 5}, 0, 1, DType::F64).to_vector();
  std::vector<double> a(static_cast<size_t>(n * n), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t k = 0; k < 5; ++k)
        a[static_cast<size_t>(i * n + j)] +=
            b[static_cast<size_t>(i * 5 + k)] * b[static_cast<size_t>(j * 5 + k)];
  const std::vector<double> root = psd_sqrt(a, n);
  CHECK(max_abs_difference(matmul_square(root, root, n), a) < 1e-12);
  CHECK(max_abs_difference(root, transpose(root, n)) < 1e-13);
}

TEST_CASE("gaussian_stats: mean and unbiased covariance") {
  // Rows (1, 2), (3, 2), (5, 8): mean (3, 4); centred (−2, −2), (0, −2), (2, 4).
  GaussianStats s =
      gaussian_stats(feature_matrix(Tensor::from_vector({1, 2, 3, 2, 5, 8}, {3, 2}), "x"), "x");
  CHECK(s.mean == std::vector<double>{3, 4});
  CHECK(s.covariance == std::vector<double>{4, 6, 6, 12});  // Σ/(3 − 1): (8, 12, 12, 24)/2
  CHECK_THROWS_AS(gaussian_stats(feature_matrix(Tensor::zeros({1, 2}), "x"), "x"), UserError);
}

TEST_CASE("Fréchet distance of diagonal Gaussians: ‖μ₁ − μ₂‖² + Σ(σ₁ − σ₂)²") {
  GaussianStats a = stats({0, 1, 2}, {4, 0, 0, 0, 1, 0, 0, 0, 9});
  GaussianStats b = stats({1, 1, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 0.25});
  const double expected = (1 + 0 + 4) + (1 + 0 + 6.25);  // σ: (2, 1, 3) vs (1, 1, 0.5)
  CHECK(frechet_distance(a, b) == doctest::Approx(expected).epsilon(1e-13));
  CHECK(frechet_distance(b, a) == doctest::Approx(expected).epsilon(1e-13));
}

TEST_CASE("Fréchet distance of non-commuting 2x2 covariances matches the 2x2 closed form") {
  // For 2x2 PSD M, tr √M = √(tr M + 2√det M); with M similar to Σ₁Σ₂, det M = det Σ₁·det Σ₂.
  const std::vector<double> s1{2, 0.7, 0.7, 1}, s2{1.5, -0.4, -0.4, 0.6};
  const double tr_s1s2 = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3];
  const double det1 = s1[0] * s1[3] - s1[1] * s1[2], det2 = s2[0] * s2[3] - s2[1] * s2[2];
  const double tr_sqrt = std::sqrt(tr_s1s2 + 2 * std::sqrt(det1 * det2));
  const double expected = (0.25 + 4) + (s1[0] + s1[3]) + (s2[0] + s2[3]) - 2 * tr_sqrt;
  CHECK(frechet_distance(stats({0.5, 0}, s1), stats({0, 2}, s2)) ==
        doctest::Approx(expected).epsilon(1e-13));
}

TEST_CASE("FID of a feature set with itself is 0, and a shift by c adds ‖c‖²") {
  Tensor a = Generator(11).normal({300, 16}, 0.5, 2.0, DType::F32);
  CHECK(std::abs(fid(a, a)) < 1e-9);
  std::vector<double> shifted = a.to_vector(), shift;
  for (int64_t j = 0; j < 16; ++j) shift.push_back(0.1 * static_cast<double>(j) - 0.7);
  double shift_norm = 0;
  for (double c : shift) shift_norm += c * c;
  for (size_t i = 0; i < shifted.size(); ++i) shifted[i] += shift[i % 16];
  // f64 features, so the shifted set is exact to f64 rounding.
  Tensor a64 = a.to(DType::F64), b64 = Tensor::from_vector(shifted, {300, 16}, DType::F64);
  CHECK(fid(a64, b64) == doctest::Approx(shift_norm).epsilon(1e-10));
  CHECK(fid(a, Generator(12).normal({300, 16}, 0.5, 2.0, DType::F32)) > 0.1);  // it can fail
}

TEST_CASE("FID with fewer samples than dimensions (singular covariances) stays finite") {
  Tensor a = Generator(13).normal({6, 20});
  CHECK(std::abs(fid(a, a)) < 1e-9);
  CHECK(std::isfinite(fid(a, Generator(14).normal({7, 20}))));
  CHECK_THROWS_AS(fid(a, Generator(14).normal({7, 19})), UserError);
}
