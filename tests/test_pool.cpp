// Pooling against small cases computed by hand from PyTorch's definitions: window placement,
// -inf padding, ceil_mode, count_include_pad, adaptive windows, and where the gradient goes.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <string>

#include "engine/core/error.h"
#include "engine/ops/pool.h"

using namespace phantom;

namespace {

Tensor image(std::vector<double> values, int64_t h, int64_t w, bool grad = true) {
  Tensor t = Tensor::from_vector(values, {1, 1, h, w}, DType::F64);
  t.set_requires_grad(grad);
  return t;
}

Tensor ramp(int64_t h, int64_t w, double start = 0, double step = 1) {
  std::vector<double> v(h * w);
  for (size_t i = 0; i < v.size(); ++i) v[i] = start + step * double(i);
  return image(v, h, w);
}

void check_values(const Tensor& t, const std::vector<double>& want) {
  std::vector<double> got = t.to_vector();
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-12));
  }
}

Pool2dParams params(int64_t k, int64_t s, int64_t pad, bool ceil_mode = false,
                    bool include_pad = true) {
  Pool2dParams p;
  p.kernel_h = p.kernel_w = k, p.stride_h = p.stride_w = s, p.pad_h = p.pad_w = pad;
  p.ceil_mode = ceil_mode, p.count_include_pad = include_pad;
  return p;
}

void backward_ones(const Tensor& y) {
  y.backward(Tensor::ones(y.shape(), y.dtype()));
}

}  // namespace

TEST_CASE("max_pool2d: windows, -inf padding, ceil_mode and gradient to the first maximum") {
  SUBCASE("2x2 stride 2") {
    Tensor x = ramp(4, 4);
    Tensor y = max_pool2d(x, params(2, 2, 0));
    check_values(y, {5, 7, 13, 15});
    backward_ones(y);
    check_values(x.grad(), {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1});
  }
  SUBCASE("3x3 stride 2 pad 1 (ResNet stem), overlapping windows share a maximum") {
    Tensor x = ramp(5, 5);
    Tensor y = max_pool2d(x, params(3, 2, 1));
    check_values(y, {6, 8, 9, 16, 18, 19, 21, 23, 24});
    backward_ones(y);
    std::vector<double> want(25, 0.0);
    for (int h : {1, 3, 4})
      for (int w : {1, 3, 4}) want[h * 5 + w] = 1;
    check_values(x.grad(), want);
  }
  SUBCASE("padding is -inf, not 0") {
    Tensor x = ramp(3, 3, -1, -1);  // -1 ... -9: the maximum is each window's top-left element
    check_values(max_pool2d(x, params(3, 1, 1)), {-1, -1, -2, -1, -1, -2, -4, -4, -5});
  }
  SUBCASE("ties send the gradient to the first maximum only") {
    Tensor x = image(std::vector<double>(9, 0.5), 3, 3);
    Pool2dParams p = params(2, 1, 0);
    Tensor y = max_pool2d(x, p);
    backward_ones(y);
    check_values(x.grad(), {1, 1, 0, 1, 1, 0, 0, 0, 0});
  }
  SUBCASE("ceil_mode adds a partial last window") {
    Tensor x = ramp(5, 5);
    CHECK(max_pool2d(x, params(2, 2, 0)).shape() == Shape{1, 1, 2, 2});
    check_values(max_pool2d(x, params(2, 2, 0, true)), {6, 8, 9, 16, 18, 19, 21, 23, 24});
    // In 5, kernel 2, stride 2, pad 1: ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would
    // start in the right padding (at 5), so it is dropped.
    CHECK(max_pool2d(ramp(5, 5), params(2, 2, 1, true)).shape() == Shape{1, 1, 3, 3});
  }
  SUBCASE("NaN propagates") {
    Tensor x = image({1, NAN, 3, 4}, 2, 2);
    CHECK(std::isnan(max_pool2d(x, params(2, 2, 0)).item()));
  }
}

TEST_CASE("avg_pool2d: count_include_pad and ceil_mode as in PyTorch") {
  SUBCASE("2x2 stride 2 pad 1, padding counted or not") {
    Tensor x = ramp(3, 3, 1);
    Tensor y = avg_pool2d(x, params(2, 2, 1));
    check_values(y, {0.25, 1.25, 2.75, 7});
    backward_ones(y);
    check_values(x.grad(), {0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25});
    check_values(avg_pool2d(x, params(2, 2, 1, false, false)), {1, 2.5, 5.5, 7});
  }
  SUBCASE("3x3 stride 2 pad 1 ceil_mode: the divisor stops at the padded border") {
    Tensor x = image(std::vector<double>(16, 1.0), 4, 4);
    Tensor y = avg_pool2d(x, params(3, 2, 1, true));
    check_values(y, {4 / 9., 6 / 9., 2 / 6., 6 / 9., 1, 3 / 6., 2 / 6., 3 / 6., 1 / 4.});
    check_values(avg_pool2d(x, params(3, 2, 1, true, false)), std::vector<double>(9, 1.0));
  }
  SUBCASE("overlapping windows accumulate gradient") {
    Tensor x = ramp(1, 5);
    Pool2dParams p = params(3, 1, 0);
    p.kernel_h = 1;
    Tensor y = avg_pool2d(x, p);  // windows [0,3) [1,4) [2,5)
    check_values(y, {1, 2, 3});
    backward_ones(y);
    check_values(x.grad(), {1 / 3., 2 / 3., 1, 2 / 3., 1 / 3.});
  }
}

TEST_CASE("adaptive_avg_pool2d uses floor/ceil windows") {
  Tensor x = ramp(1, 5, 1);
  Tensor y = adaptive_avg_pool2d(x, 1, 3);  // windows [0,2) [1,4) [3,5)
  check_values(y, {1.5, 3, 4.5});
  backward_ones(y);
  check_values(x.grad(), {0.5, 0.5 + 1 / 3., 1 / 3., 1 / 3. + 0.5, 0.5});
  Tensor g = ramp(4, 6);
  check_values(adaptive_avg_pool2d(g, 1, 1), {11.5});
  CHECK(adaptive_avg_pool2d(ramp(2, 3), 4, 5).shape() == Shape{1, 1, 4, 5});
}

TEST_CASE("pooling works in f32 across several planes") {
  std::vector<float> v(2 * 3 * 4 * 4);
  std::iota(v.begin(), v.end(), 0.0f);
  Tensor x = Tensor::from_floats(v, {2, 3, 4, 4});
  std::vector<float> y = max_pool2d(x, params(2, 2, 0)).to_floats();
  REQUIRE(y.size() == 24);
  CHECK(y[4] == 16 + 5);  // plane 1, first window
  CHECK(y[23] == 95);
}

TEST_CASE("pooling errors name the problem") {
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  Tensor x = Tensor::zeros({1, 1, 4, 4});
  CHECK(message([&] { max_pool2d(x, params(2, 2, 2)); }) ==
        "max_pool2d: padding must be between 0 and half the kernel (2x2), found 2x2");
  CHECK(message([&] { avg_pool2d(x, params(5, 1, 0)); }).find("too small for kernel 5x5") !=
        std::string::npos);
  CHECK(message([&] { adaptive_avg_pool2d(x, 0, 2); }).find("output size must be >= 1") !=
        std::string::npos);
  CHECK(message([&] {
          max_pool2d(Tensor::zeros({4, 4}), params(2, 2, 0));
        }).find("rank 4") != std::string::npos);
}
