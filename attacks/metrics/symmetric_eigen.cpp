#include "attacks/metrics/symmetric_eigen.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>

#include "engine/core/error.h"

namespace phantom::attacks {

namespace {

constexpr int kMaxSweeps = 100;  // convergence is quadratic; 6-10 sweeps is typical

struct Rotation {
  int64_t p, q;
  double c, s;
};

// The pairs of round `round` of the circle method over `m` (even) indices: m − 1 stays in place,
// the others turn; the m − 1 rounds of a sweep meet every pair once, and the pairs of one round
// are disjoint. Pairs with an index >= n (the padding of an odd n) are left out.
void round_pairs(int64_t m, int64_t n, int64_t round,
                 std::vector<std::pair<int64_t, int64_t>>& out) {
  out.clear();
  auto add = [&](int64_t i, int64_t j) {
    if (i < n && j < n) out.emplace_back(std::min(i, j), std::max(i, j));
  };
  add(m - 1, round);
  for (int64_t i = 1; i < m / 2; ++i) add((round + i) % (m - 1), (round - i + m - 1) % (m - 1));
}

// a ← Jᵀ·a·J and vᵀ ← Jᵀ·vᵀ for J the product of the (disjoint) rotations J_pq with
// J_pp = J_qq = c, J_pq = s, J_qp = −s. Rows first, then columns, each as passes over whole rows
// (contiguous, and independent across rows).
void apply_rotations(std::vector<double>& a, std::vector<double>& vt, int64_t n,
                     const std::vector<Rotation>& rotations) {
  auto rotate_rows = [n](double* m, const Rotation& r) {
    double* row_p = m + r.p * n;
    double* row_q = m + r.q * n;
    for (int64_t k = 0; k < n; ++k) {
      const double x = row_p[k], y = row_q[k];
      row_p[k] = r.c * x - r.s * y;
      row_q[k] = r.s * x + r.c * y;
    }
  };
  const auto count = static_cast<int64_t>(rotations.size());
#pragma omp parallel for schedule(static) if (n >= 128)
  for (int64_t i = 0; i < count; ++i) {
    rotate_rows(a.data(), rotations[static_cast<size_t>(i)]);
    rotate_rows(vt.data(), rotations[static_cast<size_t>(i)]);
  }
#pragma omp parallel for schedule(static) if (n >= 128)
  for (int64_t k = 0; k < n; ++k) {
    double* row = a.data() + k * n;
    for (const Rotation& r : rotations) {
      const double x = row[r.p], y = row[r.q];
      row[r.p] = r.c * x - r.s * y;
      row[r.q] = r.s * x + r.c * y;
    }
  }
  for (const Rotation& r : rotations)  // exactly 0, rather than the rounding residue
    a[static_cast<size_t>(r.p * n + r.q)] = a[static_cast<size_t>(r.q * n + r.p)] = 0;
}

}  // namespace

SymmetricEigen symmetric_eigen(std::vector<double> a, int64_t n) {
  PHANTOM_CHECK(n >= 0 && a.size() == static_cast<size_t>(n * n), "matrix of ", a.size(),
                " values for n = ", n);
  auto at = [&](int64_t i, int64_t j) -> double& { return a[static_cast<size_t>(i * n + j)]; };
  double max_abs = 0, frobenius_sq = 0;
  for (double x : a) max_abs = std::max(max_abs, std::abs(x)), frobenius_sq += x * x;
  PHANTOM_CHECK(std::isfinite(frobenius_sq), "matrix has non-finite entries");
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i + 1; j < n; ++j) {
      PHANTOM_CHECK(std::abs(at(i, j) - at(j, i)) <= 1e-9 * max_abs, "matrix not symmetric at (", i,
                    ", ", j, "): ", at(i, j), " vs ", at(j, i));
      at(i, j) = at(j, i) = 0.5 * (at(i, j) + at(j, i));
    }

  std::vector<double> vt(static_cast<size_t>(n * n), 0.0);  // Vᵀ: eigenvector estimates as rows
  for (int64_t i = 0; i < n; ++i) vt[static_cast<size_t>(i * n + i)] = 1;
  // Off-diagonal entries below this are set to 0 without a rotation: by Weyl's inequality that
  // moves each eigenvalue by at most n·negligible, a few ulps of the matrix norm.
  const double negligible = 1e-2 * DBL_EPSILON * std::sqrt(frobenius_sq);
  const int64_t m = n + n % 2;
  std::vector<std::pair<int64_t, int64_t>> pairs;
  std::vector<Rotation> rotations;
  bool converged = false;
  for (int sweep = 0; sweep < kMaxSweeps && !converged; ++sweep) {
    converged = true;
    for (int64_t round = 0; round + 1 < m; ++round) {
      round_pairs(m, n, round, pairs);
      rotations.clear();
      for (auto [p, q] : pairs) {  // disjoint pairs: every angle comes from the same matrix
        const double apq = at(p, q);
        if (apq == 0) continue;
        if (std::abs(apq) <= negligible) {
          at(p, q) = at(q, p) = 0;
          continue;
        }
        // t = tan of the angle that zeroes a_pq: the smaller root of t² + 2θt − 1 = 0.
        const double theta = (at(q, q) - at(p, p)) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::hypot(theta, 1.0));
        const double c = 1 / std::sqrt(t * t + 1);
        rotations.push_back({p, q, c, t * c});
      }
      if (rotations.empty()) continue;
      converged = false;
      apply_rotations(a, vt, n, rotations);
    }
  }
  PHANTOM_CHECK(converged, "Jacobi eigensolver did not converge in ", kMaxSweeps, " sweeps");

  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t i, int64_t j) { return at(i, i) < at(j, j); });
  SymmetricEigen out{n, {}, std::vector<double>(vt.size())};
  for (int64_t j = 0; j < n; ++j) {
    const int64_t from = order[static_cast<size_t>(j)];
    out.values.push_back(at(from, from));
    for (int64_t k = 0; k < n; ++k)
      out.vectors[static_cast<size_t>(k * n + j)] = vt[static_cast<size_t>(from * n + k)];
  }
  return out;
}

namespace {

// The square roots of a PSD matrix's eigenvalues. Computed eigenvalues are exact only to about
// n·ε·λ_max (backward stability of the solver), so those below that cannot be told from zero and
// are taken as 0: that removes the slightly negative values (a covariance is PSD by construction)
// and keeps the rounding noise of a rank-deficient covariance's null space (which √ would inflate
// from 1e-16 to 1e-8 each) out of the FID.
std::vector<double> resolved_roots(const std::vector<double>& eigenvalues) {
  double largest = 0;
  for (double lambda : eigenvalues) largest = std::max(largest, std::abs(lambda));
  const double resolution = static_cast<double>(eigenvalues.size()) * DBL_EPSILON * largest;
  std::vector<double> roots;
  for (double lambda : eigenvalues) roots.push_back(lambda > resolution ? std::sqrt(lambda) : 0.0);
  return roots;
}

}  // namespace

std::vector<double> psd_sqrt(const std::vector<double>& a, int64_t n) {
  const SymmetricEigen e = symmetric_eigen(a, n);
  const std::vector<double> roots = resolved_roots(e.values);
  std::vector<double> out(static_cast<size_t>(n * n), 0.0);
  for (int64_t j = 0; j < n; ++j) {
    const double root = roots[static_cast<size_t>(j)];
    if (root == 0) continue;
    for (int64_t r = 0; r < n; ++r) {
      const double vr = root * e.vectors[static_cast<size_t>(r * n + j)];
      for (int64_t c = 0; c < n; ++c)
        out[static_cast<size_t>(r * n + c)] += vr * e.vectors[static_cast<size_t>(c * n + j)];
    }
  }
  return out;
}

double psd_sqrt_trace(const std::vector<double>& a, int64_t n) {
  double sum = 0;
  for (double root : resolved_roots(symmetric_eigen(a, n).values)) sum += root;
  return sum;
}

std::vector<double> matmul_square(const std::vector<double>& a, const std::vector<double>& b,
                                  int64_t n) {
  std::vector<double> out(static_cast<size_t>(n * n), 0.0);
#pragma omp parallel for schedule(static) if (n >= 128)
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < n; ++k) {
      const double aik = a[static_cast<size_t>(i * n + k)];
      for (int64_t j = 0; j < n; ++j)
        out[static_cast<size_t>(i * n + j)] += aik * b[static_cast<size_t>(k * n + j)];
    }
  return out;
}

}  // namespace phantom::attacks
