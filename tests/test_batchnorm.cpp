// batch_norm against hand-computed values and a naive oracle; gradients are in the registry.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/audit/gradcheck.h"
#include "engine/ops/batchnorm.h"

using namespace phantom;

namespace {
// y[n, c, s] by the textbook formula, with the given per-channel mean and variance.
std::vector<double> naive_bn(const Tensor& x, const std::vector<double>& mean,
                             const std::vector<double>& var, const std::vector<double>& w,
                             const std::vector<double>& b, double eps) {
  int64_t n = x.size(0), c = x.size(1), s = x.numel() / (n * c);
  std::vector<double> xv = x.to_vector(), y(xv.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t k = 0; k < s; ++k) {
        size_t j = static_cast<size_t>((i * c + ch) * s + k);
        size_t cc = static_cast<size_t>(ch);
        y[j] = (xv[j] - mean[cc]) / std::sqrt(var[cc] + eps) * w[cc] + b[cc];
      }
  return y;
}
}  // namespace

TEST_CASE("batch_norm training: batch statistics and running-stat update by hand") {
  // Channel 0 values 1, 2, 3, 6: mean 3, biased var (4+1+0+9)/4 = 3.5, unbiased 14/3.
  // Channel 1 values 0, 0, 4, 4: mean 2, biased var 4, unbiased 16/3.
  Tensor x = Tensor::from_vector({1, 0, 2, 0, 3, 4, 6, 4}, {4, 2}, DType::F64);
  Tensor w = Tensor::from_vector({2, 1}, {2}, DType::F64);
  Tensor b = Tensor::from_vector({0.5, -1}, {2}, DType::F64);
  Tensor rm = Tensor::from_vector({1, -1}, {2}, DType::F64);
  Tensor rv = Tensor::from_vector({1, 2}, {2}, DType::F64);
  Tensor y = batch_norm(x, w, b, rm, rv, true, 0.25, 1e-5);

  std::vector<double> rmv = rm.to_vector(), rvv = rv.to_vector();
  CHECK(rmv[0] == doctest::Approx(0.75 * 1 + 0.25 * 3));
  CHECK(rmv[1] == doctest::Approx(0.75 * -1 + 0.25 * 2));
  CHECK(rvv[0] == doctest::Approx(0.75 * 1 + 0.25 * 14.0 / 3));
  CHECK(rvv[1] == doctest::Approx(0.75 * 2 + 0.25 * 16.0 / 3));

  std::vector<double> expect = naive_bn(x, {3, 2}, {3.5, 4}, {2, 1}, {0.5, -1}, 1e-5);
  std::vector<double> got = y.to_vector();
  for (size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expect[i]).epsilon(1e-12));
  CHECK(got[0] == doctest::Approx((1 - 3) / std::sqrt(3.5 + 1e-5) * 2 + 0.5));
}

TEST_CASE("batch_norm training on [N, C, H, W] with f32 matches the oracle; running stats twice") {
  Tensor x = random_input({3, 4, 5, 7}, 3, -3.0, 5.0, false).to(DType::F32);
  Tensor rm = Tensor::zeros({4}), rv = Tensor::ones({4});
  Tensor w = random_input({4}, 4, 0.5, 1.5, false).to(DType::F32);
  Tensor b = random_input({4}, 5, -1.0, 1.0, false).to(DType::F32);
  Tensor y = batch_norm(x, w, b, rm, rv, true, 0.1, 1e-5);
  batch_norm(x, w, b, rm, rv, true, 0.1, 1e-5);

  // Oracle statistics in double over each channel's 3*5*7 = 105 values.
  std::vector<double> xv = x.to_vector(), mean(4), var(4);
  for (int64_t ch = 0; ch < 4; ++ch) {
    double s = 0, sq = 0;
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t k = 0; k < 35; ++k) s += xv[static_cast<size_t>((i * 4 + ch) * 35 + k)];
    double mu = s / 105;
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t k = 0; k < 35; ++k) {
        double d = xv[static_cast<size_t>((i * 4 + ch) * 35 + k)] - mu;
        sq += d * d;
      }
    mean[static_cast<size_t>(ch)] = mu;
    var[static_cast<size_t>(ch)] = sq / 105;
  }
  std::vector<double> expect = naive_bn(x, mean, var, w.to_vector(), b.to_vector(), 1e-5);
  std::vector<double> got = y.to_vector();
  for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(expect[i]).epsilon(1e-5));
  // Two identical updates from (0, 1): r = 0.19 stat and 0.81 + 0.19 stat (unbiased).
  std::vector<double> rmv = rm.to_vector(), rvv = rv.to_vector();
  for (size_t ch = 0; ch < 4; ++ch) {
    CHECK(rmv[ch] == doctest::Approx(0.19 * mean[ch]).epsilon(1e-5));
    CHECK(rvv[ch] == doctest::Approx(0.81 + 0.19 * var[ch] * 105 / 104).epsilon(1e-5));
  }
}

TEST_CASE("batch_norm eval uses the running statistics and leaves them alone") {
  Tensor x = random_input({2, 3, 2, 3}, 6, -1.0, 1.0, false);
  Tensor rm = Tensor::from_vector({0.5, -0.25, 0}, {3}, DType::F64);
  Tensor rv = Tensor::from_vector({2, 0.5, 1}, {3}, DType::F64);
  Tensor y = batch_norm(x, Tensor(), Tensor(), rm, rv, false, 0.1, 1e-3);
  std::vector<double> expect =
      naive_bn(x, {0.5, -0.25, 0}, {2, 0.5, 1}, {1, 1, 1}, {0, 0, 0}, 1e-3);
  std::vector<double> got = y.to_vector();
  for (size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expect[i]).epsilon(1e-12));
  CHECK(rm.to_vector() == std::vector<double>{0.5, -0.25, 0});
  CHECK(rv.to_vector() == std::vector<double>{2, 0.5, 1});
}

TEST_CASE("batch_norm rejects bad shapes and single-value channels in training") {
  Tensor rm = Tensor::zeros({3}), rv = Tensor::ones({3});
  CHECK_THROWS_AS(batch_norm(Tensor::zeros({2, 3, 4}), Tensor(), Tensor(), rm, rv, true),
                  UserError);
  CHECK_THROWS_AS(batch_norm(Tensor::zeros({1, 3}), Tensor(), Tensor(), rm, rv, true), UserError);
  CHECK_THROWS_AS(batch_norm(Tensor::zeros({2, 4}), Tensor(), Tensor(), rm, rv, true), UserError);
  CHECK_THROWS_AS(batch_norm(Tensor::zeros({2, 3}), Tensor(), Tensor(), Tensor(), Tensor(), false),
                  UserError);
}
