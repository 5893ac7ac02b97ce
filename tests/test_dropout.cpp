// Dropout: the mask is the Generator's uniform draw thresholded at p, reproducible from the
// generator state, and the survivors are scaled by 1/(1-p).
#include <doctest/doctest.h>

#include <cmath>

#include "engine/audit/gradcheck.h"
#include "engine/ops/dropout.h"

using namespace phantom;

TEST_CASE("dropout keeps exactly where the generator's uniform draw is >= p") {
  const double p = 0.4;
  Tensor x = random_input({5, 9, 3}, 1, 0.5, 2.0, false);
  Generator gen(99, 3), twin(99, 3);
  Tensor y = dropout(x, p, true, gen);
  std::vector<double> u = twin.uniform(x.shape(), 0.0, 1.0, DType::F64).to_vector();
  CHECK(gen.offset() == twin.offset());
  std::vector<double> xv = x.to_vector(), yv = y.to_vector();
  int64_t kept = 0;
  for (size_t i = 0; i < xv.size(); ++i) {
    double expect = u[i] >= p ? xv[i] / (1 - p) : 0.0;
    CHECK(yv[i] == doctest::Approx(expect).epsilon(1e-15));
    kept += u[i] >= p;
  }
  // 135 Bernoulli(0.6) draws: the count lies within 4 sigma (5.7) of 81.
  CHECK(std::abs(static_cast<double>(kept) - 81.0) < 23.0);
}

TEST_CASE("dropout: same generator state gives the same mask, the next call a different one") {
  Tensor x = Tensor::ones({64});
  Generator a(5), b(5);
  std::vector<float> first = dropout(x, 0.5, true, a).to_floats();
  CHECK(first == dropout(x, 0.5, true, b).to_floats());
  CHECK(first != dropout(x, 0.5, true, a).to_floats());
  Generator c(5);
  c.set_offset(64);
  CHECK(dropout(x, 0.5, true, c).to_floats() == dropout(x, 0.5, true, b).to_floats());
}

TEST_CASE("dropout backward applies the forward mask") {
  Tensor x = random_input({4, 6}, 2);
  Generator gen(8);
  Tensor y = dropout(x, 0.25, true, gen);
  y.backward(Tensor::ones({4, 6}, DType::F64));
  std::vector<double> xv = x.to_vector(), yv = y.to_vector(), g = x.grad().to_vector();
  for (size_t i = 0; i < xv.size(); ++i) CHECK(g[i] == doctest::Approx(yv[i] / xv[i]));
}

TEST_CASE("dropout in eval mode is the identity and p is validated") {
  Tensor x = random_input({3}, 3);
  Generator gen(1);
  CHECK(dropout(x, 0.9, false, gen).same(x));
  CHECK(gen.offset() == 0);
  CHECK(dropout(x, 0.0, true, gen).to_vector() == x.to_vector());
  CHECK_THROWS_AS(dropout(x, 1.0, true, gen), UserError);
  CHECK_THROWS_AS(dropout(x, -0.1, true, gen), UserError);
  CHECK_THROWS_AS(dropout(x, std::nan(""), true, gen), UserError);
}
