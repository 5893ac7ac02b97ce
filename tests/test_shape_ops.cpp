// Shape ops against naive index loops and hand-written values.
#include <doctest/doctest.h>

#include "engine/audit/gradcheck.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"

using namespace phantom;

namespace {
// 0, 1, 2, ... so every output value names the input element it came from.
Tensor iota(const Shape& shape) {
  std::vector<double> v(static_cast<size_t>(numel(shape)));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i);
  return Tensor::from_vector(v, shape, DType::F64);
}
}  // namespace

TEST_CASE("reshape shares storage, infers -1 and rejects bad shapes") {
  Tensor x = iota({2, 3, 5});
  Tensor y = reshape(x, {5, -1});
  CHECK(y.shape() == Shape{5, 6});
  CHECK(y.raw_data() == x.raw_data());
  CHECK_THROWS_AS(reshape(x, {-1, -1}), UserError);
  CHECK_THROWS_AS(reshape(x, {4, -1}), UserError);
  CHECK_THROWS_AS(reshape(x, {7, 5}), UserError);
}

TEST_CASE("reshape backward gives the gradient the input's shape") {
  Tensor x = random_input({3, 4}, 1);
  Tensor y = reshape(x, {2, 6});
  y.backward(iota({2, 6}));
  CHECK(x.grad().shape() == Shape{3, 4});
  CHECK(x.grad().to_vector() == iota({3, 4}).to_vector());
}

TEST_CASE("permute matches a naive loop on an odd 4-d shape") {
  Shape s{2, 3, 1, 5};
  Tensor x = iota(s);
  Tensor y = permute(x, {3, 1, 0, 2});
  REQUIRE(y.shape() == Shape{5, 3, 2, 1});
  std::vector<double> v = y.to_vector();
  size_t k = 0;
  for (int64_t d3 = 0; d3 < 5; ++d3)
    for (int64_t d1 = 0; d1 < 3; ++d1)
      for (int64_t d0 = 0; d0 < 2; ++d0)
        CHECK(v[k++] == static_cast<double>((d0 * 3 + d1) * 5 + d3));
  CHECK_THROWS_AS(permute(x, {0, 1, 1, 2}), UserError);
  CHECK_THROWS_AS(permute(x, {0, 1}), UserError);
}

TEST_CASE("concat along the middle dimension") {
  Tensor a = iota({2, 1, 2}), b = iota({2, 2, 2}) + 100.0;
  Tensor y = concat({a, b}, 1);
  CHECK(y.to_vector() == std::vector<double>{0, 1, 100, 101, 102, 103, 2, 3, 104, 105, 106, 107});
  CHECK_THROWS_AS(concat({a, iota({3, 1, 2})}, 1), UserError);
}

TEST_CASE("slice follows Python bounds") {
  Tensor x = iota({9});
  CHECK(slice(x, 0, 1, 8, 3).to_vector() == std::vector<double>{1, 4, 7});
  CHECK(slice(x, 0, -3, 100).to_vector() == std::vector<double>{6, 7, 8});
  CHECK(slice(x, 0, -100, 2).to_vector() == std::vector<double>{0, 1});
  CHECK(slice(x, 0, 5, 2).numel() == 0);
  Tensor m = iota({3, 4});
  CHECK(slice(m, 1, 1, 4, 2).to_vector() == std::vector<double>{1, 3, 5, 7, 9, 11});
  CHECK_THROWS_AS(slice(x, 0, 0, 3, 0), UserError);
}

TEST_CASE("pad uses torch order, fills the value and crops with negative pads") {
  Tensor x = iota({2, 3});
  // Last dim (1 left, 2 right), first dim (0 top, 1 bottom).
  Tensor y = pad(x, {1, 2, 0, 1}, -1.0);
  REQUIRE(y.shape() == Shape{3, 6});
  CHECK(y.to_vector() ==
        std::vector<double>{-1, 0, 1, 2, -1, -1, -1, 3, 4, 5, -1, -1, -1, -1, -1, -1, -1, -1});
  Tensor c = pad(iota({3, 4}), {-1, 1, 0, -2});
  REQUIRE(c.shape() == Shape{1, 4});
  CHECK(c.to_vector() == std::vector<double>{1, 2, 3, 0});
  CHECK_THROWS_AS(pad(x, {-2, -2}), UserError);
  CHECK_THROWS_AS(pad(x, {1}), UserError);
}

TEST_CASE("flip reverses the listed dimensions") {
  Tensor x = iota({2, 3});
  CHECK(flip(x, {1}).to_vector() == std::vector<double>{2, 1, 0, 5, 4, 3});
  CHECK(flip(x, {0, -1}).to_vector() == std::vector<double>{5, 4, 3, 2, 1, 0});
  CHECK(flip(x, {}).to_vector() == x.to_vector());
}

TEST_CASE("gather picks along dim and its backward adds repeated indices") {
  Tensor x = random_input({2, 4}, 3);
  std::vector<double> xv = x.to_vector();
  Tensor y = gather(x, 1, {3, 3, 0, 1, 1, 2}, {2, 3});
  CHECK(y.to_vector() == std::vector<double>{xv[3], xv[3], xv[0], xv[5], xv[5], xv[6]});
  y.backward(Tensor::ones({2, 3}, DType::F64));
  CHECK(x.grad().to_vector() == std::vector<double>{1, 0, 0, 2, 0, 2, 1, 0});
  CHECK_THROWS_AS(gather(x, 1, {4}, {1, 1}), UserError);
  CHECK_THROWS_AS(gather(x, 1, {-1}, {1, 1}), UserError);
  CHECK_THROWS_AS(gather(x, 0, {0, 0, 0, 0, 0}, {1, 5}), UserError);  // dim 1: 5 > 4
  CHECK(gather(x, 0, {1, 0, 1}, {3, 1}).to_vector() == std::vector<double>{xv[4], xv[0], xv[4]});
}

TEST_CASE("one_hot encodes labels and rejects out-of-range ones") {
  Tensor y = one_hot({2, 0}, 3);
  CHECK(y.dtype() == DType::F32);
  CHECK(y.to_vector() == std::vector<double>{0, 0, 1, 1, 0, 0});
  CHECK_FALSE(y.requires_grad());
  CHECK_THROWS_WITH_AS(one_hot({0, 3}, 3), "one_hot: label 3 at position 1 is outside [0, 3)",
                       UserError);
  CHECK_THROWS_AS(one_hot({-1}, 3), UserError);
}
