// Forward of the nn layers that wrap other op families (linear, conv2d, pools, relu, dropout),
// against hand-written oracles, and their PyTorch-style initialisation.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/nn/activation.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/dropout.h"
#include "engine/nn/linear.h"
#include "engine/nn/pooling.h"
#include "engine/nn/sequential.h"

using namespace phantom;
using namespace phantom::nn;

namespace {
// y[n, o] = Σ_i x[n, i] w[o, i] + b[o]
std::vector<double> naive_linear(const Tensor& x, const Tensor& w, const Tensor& b) {
  int64_t n = x.size(0), in = x.size(1), out = w.size(0);
  std::vector<double> xv = x.to_vector(), wv = w.to_vector(), bv = b.to_vector(), y;
  for (int64_t r = 0; r < n; ++r)
    for (int64_t o = 0; o < out; ++o) {
      double s = bv[static_cast<size_t>(o)];
      for (int64_t i = 0; i < in; ++i)
        s += xv[static_cast<size_t>(r * in + i)] * wv[static_cast<size_t>(o * in + i)];
      y.push_back(s);
    }
  return y;
}

void check_close(const std::vector<double>& got, const std::vector<double>& expect,
                 double tol = 1e-5) {
  REQUIRE(got.size() == expect.size());
  for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(expect[i]).epsilon(tol));
}
}  // namespace

TEST_CASE("Linear: deterministic PyTorch-style init and y = x Wᵀ + b") {
  Generator g1(42), g2(42);
  Linear a(7, 3, g1), b(7, 3, g2);
  CHECK(a.weight.to_vector() == b.weight.to_vector());
  CHECK(a.bias.to_vector() == b.bias.to_vector());
  double bound = 1 / std::sqrt(7.0);
  for (double v : a.weight.to_vector()) CHECK(std::abs(v) <= bound);
  for (double v : a.bias.to_vector()) CHECK(std::abs(v) <= bound);
  Generator g3(1);
  Tensor x = g3.uniform({5, 7}, -1, 1);
  check_close(a(x).to_vector(), naive_linear(x, a.weight, a.bias));

  Linear nb(4, 2, g1, false);
  CHECK(nb.state_dict().size() == 1);
  CHECK(nb.state_dict().count("weight") == 1);
}

TEST_CASE("Conv2d: init bound from fan_in and a 1x1 convolution as a per-pixel linear map") {
  Generator gen(3);
  Conv2d conv(4, 6, 3, gen, {.stride = 2, .padding = 1, .groups = 2});
  CHECK(conv.weight.shape() == Shape{6, 2, 3, 3});
  double bound = 1 / std::sqrt(2.0 * 9);
  for (double v : conv.weight.to_vector()) CHECK(std::abs(v) <= bound);
  Tensor x = gen.uniform({2, 4, 7, 5});
  CHECK(conv(x).shape() == Shape{2, 6, 4, 3});

  Conv2d pointwise(3, 2, 1, gen);
  Tensor p = gen.uniform({1, 3, 2, 2});
  std::vector<double> y = pointwise(p).to_vector(), pv = p.to_vector();
  std::vector<double> w = pointwise.weight.to_vector(), b = pointwise.bias.to_vector();
  for (size_t o = 0; o < 2; ++o)
    for (size_t s = 0; s < 4; ++s) {
      double e = b[o];
      for (size_t c = 0; c < 3; ++c) e += w[o * 3 + c] * pv[c * 4 + s];
      CHECK(y[o * 4 + s] == doctest::Approx(e).epsilon(1e-5));
    }
}

TEST_CASE("Sequential of Linear, ReLU, Linear: names and composition") {
  Generator gen(5);
  auto l0 = std::make_shared<Linear>(4, 6, gen);
  auto l2 = std::make_shared<Linear>(6, 2, gen);
  Sequential seq({l0, std::make_shared<ReLU>(), l2});
  std::vector<std::string> names;
  for (const auto& [name, t] : seq.named_parameters()) names.push_back(name);
  CHECK(names == std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"});

  Tensor x = gen.uniform({3, 4}, -1, 1);
  std::vector<double> h = naive_linear(x, l0->weight, l0->bias);
  for (double& v : h) v = std::max(v, 0.0);
  Tensor hidden = Tensor::from_vector(h, {3, 6});
  check_close(seq(x).to_vector(), naive_linear(hidden, l2->weight, l2->bias));
}

TEST_CASE("pooling layers on a known 4x4 map") {
  std::vector<double> v(16);
  for (size_t i = 0; i < 16; ++i) v[i] = static_cast<double>((i * 7) % 16);
  Tensor x = Tensor::from_vector(v, {1, 1, 4, 4});
  // 2x2 windows, stride 2 (stride 0 = kernel size).
  std::vector<double> mx, av;
  for (int r = 0; r < 4; r += 2)
    for (int c = 0; c < 4; c += 2) {
      double a = v[r * 4 + c], b = v[r * 4 + c + 1], d = v[(r + 1) * 4 + c],
             e = v[(r + 1) * 4 + c + 1];
      mx.push_back(std::max({a, b, d, e}));
      av.push_back((a + b + d + e) / 4);
    }
  check_close(MaxPool2d(2)(x).to_vector(), mx);
  check_close(AvgPool2d(2)(x).to_vector(), av);
  check_close(AdaptiveAvgPool2d(1, 1)(x).to_vector(), {7.5});
  CHECK(MaxPool2d(3, 2, 1)(x).shape() == Shape{1, 1, 2, 2});
}

TEST_CASE("Dropout: identity in eval, scaled survivors in training, reproducible from the seed") {
  Tensor x = Tensor::ones({1000});
  Dropout a(0.25, Generator(9)), b(0.25, Generator(9));
  a.eval();
  CHECK(a(x).to_vector() == x.to_vector());
  b.train();
  Dropout c(0.25, Generator(9));
  std::vector<double> yb = b(x).to_vector(), yc = c(x).to_vector();
  CHECK(yb == yc);
  int zeros = 0;
  for (double v : yb) {
    CHECK((v == 0 || v == doctest::Approx(1 / 0.75)));
    zeros += v == 0;
  }
  CHECK(zeros > 180);
  CHECK(zeros < 320);
}
