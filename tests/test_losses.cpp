// Loss values against closed forms computed independently here with plain std::math.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "engine/ops/losses.h"

using namespace phantom;

namespace {
const std::vector<double> kLogits{1.5, -0.3, 0.2, 2.0, -1.0, 0.7};  // 2 rows, 3 classes
const std::vector<int64_t> kLabels{0, 2};

double log_prob(const double* z, int64_t k) {
  double s = 0;
  for (int i = 0; i < 3; ++i) s += std::exp(z[i]);
  return z[k] - std::log(s);
}
}  // namespace

TEST_CASE("label-smoothing CE matches (1-a)(-log p_y) + a/C sum_k(-log p_k)") {
  for (double alpha : {-0.5, -0.05, 0.0, 0.1, 0.9}) {
    double expected = 0;
    for (int n = 0; n < 2; ++n) {
      const double* z = &kLogits[n * 3];
      double smooth = 0;
      for (int k = 0; k < 3; ++k) smooth -= log_prob(z, k);
      expected += (1 - alpha) * -log_prob(z, kLabels[n]) + alpha / 3 * smooth;
    }
    expected /= 2;
    Tensor z = Tensor::from_vector(kLogits, {2, 3}, DType::F64);
    CAPTURE(alpha);
    CHECK(cross_entropy_ls(z, kLabels, alpha).item() == doctest::Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("negative label smoothing can give a negative loss") {
  Tensor z = Tensor::from_vector({20.0, -20.0, -20.0}, {1, 3}, DType::F64);
  CHECK(cross_entropy_ls(z, {0}, -0.5).item() < 0);
}

TEST_CASE("Poincare loss matches its definition") {
  const double xi = 1e-4;
  double expected = 0;
  for (int n = 0; n < 2; ++n) {
    const double* z = &kLogits[n * 3];
    double l1 = std::abs(z[0]) + std::abs(z[1]) + std::abs(z[2]);
    double uu = 0, vv = 0, d2 = 0;
    for (int k = 0; k < 3; ++k) {
      double u = z[k] / l1, v = std::clamp((k == kLabels[n] ? 1.0 : 0.0) - xi, 0.0, 1.0);
      uu += u * u, vv += v * v, d2 += (u - v) * (u - v);
    }
    expected += std::acosh(1 + 2 * d2 / ((1 - uu) * (1 - vv)));
  }
  Tensor z = Tensor::from_vector(kLogits, {2, 3}, DType::F64);
  CHECK(poincare_loss(z, kLabels, xi).item() == doctest::Approx(expected / 2).epsilon(1e-12));
}

TEST_CASE("max-margin and logit losses") {
  Tensor z = Tensor::from_vector(kLogits, {2, 3}, DType::F64);
  CHECK(max_margin_loss(z, kLabels).item() == doctest::Approx(((0.2 - 1.5) + (2.0 - 0.7)) / 2));
  CHECK(logit_loss(z, kLabels).item() == doctest::Approx(-(1.5 + 0.7) / 2));
}

TEST_CASE("loss arguments are validated") {
  Tensor z = Tensor::from_vector(kLogits, {2, 3}, DType::F64);
  CHECK_THROWS_WITH_AS(cross_entropy_ls(z, {0, 3}), doctest::Contains("label 3 out of range"),
                       UserError);
  CHECK_THROWS_WITH_AS(cross_entropy_ls(z, {0}), doctest::Contains("1 labels for 2 rows"),
                       UserError);
  CHECK_THROWS_AS(cross_entropy_ls(z, kLabels, 1.5), UserError);
}
