// Eigendecomposition of a real symmetric matrix by the Jacobi method, in f64. Jacobi is slower
// than tridiagonal QR (O(n³) per sweep, some 6-10 sweeps) but short, and accurate to a few ulps of
// the matrix norm, also for the tiny eigenvalues of a rank-deficient covariance, which is what FID
// needs. The rotations run in round-robin order (Brent & Luk 1985): each round is n/2 disjoint
// rotations, applied as whole-row passes that are cache-friendly and split across threads. FID of
// 512-dim features (two 512x512 eigendecompositions) takes ~9 s on one core, ~6 s on two.
#pragma once
#include <cstdint>
#include <vector>

namespace phantom::attacks {

struct SymmetricEigen {
  int64_t n = 0;
  std::vector<double> values;   // ascending
  std::vector<double> vectors;  // n x n row-major; column j is the unit eigenvector of values[j]
};

// `a` is n x n row-major and must be symmetric (checked to rounding).
SymmetricEigen symmetric_eigen(std::vector<double> a, int64_t n);

// The PSD square root V·diag(√λ)·Vᵀ of a symmetric positive semi-definite matrix. Eigenvalues
// below n·ε·max|λ| (negative ones included) are rounding, not data, and are taken as 0.
std::vector<double> psd_sqrt(const std::vector<double>& a, int64_t n);

// Σ √λ_i of a symmetric PSD matrix, with the same cut-off.
double psd_sqrt_trace(const std::vector<double>& a, int64_t n);

// n x n row-major product a·b.
std::vector<double> matmul_square(const std::vector<double>& a, const std::vector<double>& b,
                                  int64_t n);

}  // namespace phantom::attacks
