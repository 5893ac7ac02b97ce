// Reductions against direct loops, including the chunked path for a few huge groups and
// determinism across thread counts.
#include <doctest/doctest.h>
#include <omp.h>

#include <algorithm>

#include "engine/audit/gradcheck.h"
#include "engine/ops/reduction.h"

using namespace phantom;

TEST_CASE("sum and max over dims {0, 2} of an odd 3-D shape match direct loops") {
  Tensor x = random_input({5, 3, 7}, 3, -1, 1, false);
  const double* p = x.data<double>();
  std::vector<double> s = sum(x, {0, 2}).to_vector(), m = max(x, {0, 2}).to_vector();
  for (int j = 0; j < 3; ++j) {
    double acc = 0, best = -1e300;
    for (int i = 0; i < 5; ++i)
      for (int k = 0; k < 7; ++k)
        acc += p[(i * 3 + j) * 7 + k], best = std::max(best, p[(i * 3 + j) * 7 + k]);
    CHECK(s[j] == doctest::Approx(acc).epsilon(1e-14));
    CHECK(m[j] == best);
  }
}

TEST_CASE(
    "a large full reduction (chunked, multi-threaded) is exact and thread-count independent") {
  Tensor x = random_input({3, 70001}, 5, -1, 1, false).to(DType::F32);
  double expected = 0;
  for (float v : x.to_floats()) expected += v;
  omp_set_num_threads(1);
  double one = sum(x).item();
  omp_set_num_threads(2);
  double two = sum(x).item();
  CHECK(one == two);
  CHECK(two == doctest::Approx(expected).epsilon(1e-6));
  CHECK(mean(x, {1}).to_vector().size() == 3);
}

TEST_CASE("norm over dim 1 matches the formula; max of an empty dim is a clear error") {
  Tensor x = Tensor::from_vector({3, -4, 0, 1, -2, 2}, {2, 3}, DType::F64);
  std::vector<double> n = norm(x, 2.0, {1}).to_vector();
  CHECK(n[0] == doctest::Approx(5.0));
  CHECK(n[1] == doctest::Approx(3.0));
  CHECK(norm(x, 1.0).item() == doctest::Approx(12.0));
  CHECK_THROWS_AS(max(Tensor::zeros({2, 0}), {1}), UserError);
}
