// matmul and linear forwards against plain loops (the gradchecks only tie backward to forward),
// and their shape errors.
#include <doctest/doctest.h>

#include "engine/audit/gradcheck.h"
#include "engine/core/error.h"
#include "engine/ops/matmul.h"

using namespace phantom;

namespace {

// y[i, j] of a [M, K] x [K, N] product starting at element offsets in a, b.
double dot(const std::vector<double>& a, size_t a_off, const std::vector<double>& b, size_t b_off,
           int64_t i, int64_t j, int64_t K, int64_t N) {
  double s = 0;
  for (int64_t k = 0; k < K; ++k) s += a[a_off + i * K + k] * b[b_off + k * N + j];
  return s;
}

}  // namespace

TEST_CASE("matmul forward: shared and batched b") {
  for (DType dt : {DType::F32, DType::F64}) {
    Tensor a = random_input({2, 3, 7, 5}, 1, -1, 1, false).to(dt);
    Tensor shared = random_input({5, 9}, 2, -1, 1, false).to(dt);
    Tensor batched = random_input({2, 3, 5, 9}, 3, -1, 1, false).to(dt);
    std::vector<double> av = a.to_vector(), sv = shared.to_vector(), bv = batched.to_vector();
    std::vector<double> y1 = matmul(a, shared).to_vector(), y2 = matmul(a, batched).to_vector();
    CHECK(matmul(a, shared).shape() == Shape{2, 3, 7, 9});
    for (int64_t n = 0; n < 6; ++n)
      for (int64_t i = 0; i < 7; ++i)
        for (int64_t j = 0; j < 9; ++j) {
          CHECK(y1[(n * 7 + i) * 9 + j] ==
                doctest::Approx(dot(av, n * 35, sv, 0, i, j, 5, 9)).epsilon(1e-5));
          CHECK(y2[(n * 7 + i) * 9 + j] ==
                doctest::Approx(dot(av, n * 35, bv, n * 45, i, j, 5, 9)).epsilon(1e-5));
        }
  }
}

TEST_CASE("linear forward with and without bias") {
  Tensor x = random_input({4, 6}, 4, -1, 1, false).to(DType::F32);
  Tensor w = random_input({3, 6}, 5, -1, 1, false).to(DType::F32);
  Tensor b = random_input({3}, 6, -1, 1, false).to(DType::F32);
  std::vector<double> xv = x.to_vector(), wv = w.to_vector(), bv = b.to_vector();
  std::vector<double> with = linear(x, w, b).to_vector(),
                      without = linear(x, w, Tensor()).to_vector();
  for (int64_t r = 0; r < 4; ++r)
    for (int64_t o = 0; o < 3; ++o) {
      double s = 0;
      for (int64_t k = 0; k < 6; ++k) s += xv[r * 6 + k] * wv[o * 6 + k];
      CHECK(without[r * 3 + o] == doctest::Approx(s).epsilon(1e-5));
      CHECK(with[r * 3 + o] == doctest::Approx(s + bv[o]).epsilon(1e-5));
    }
}

TEST_CASE("matmul and linear reject mismatched shapes with a user error") {
  Tensor a = Tensor::zeros({3, 4});
  CHECK_THROWS_AS(matmul(a, Tensor::zeros({5, 2})), UserError);
  CHECK_THROWS_AS(matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({3, 4, 2})), UserError);
  CHECK_THROWS_AS(matmul(Tensor::zeros({4}), Tensor::zeros({4, 2})), UserError);
  CHECK_THROWS_AS(linear(a, Tensor::zeros({2, 5}), Tensor()), UserError);
  CHECK_THROWS_AS(linear(a, Tensor::zeros({2, 4}), Tensor::zeros({3})), UserError);
  CHECK(matmul(Tensor::zeros({3, 0}), Tensor::zeros({0, 2})).to_vector() ==
        std::vector<double>(6, 0.0));
}
