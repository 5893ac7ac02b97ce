// The tape itself: accumulation over shared inputs, hooks, retain_grad, no-grad scopes, the
// backward trace, and the errors a user can hit.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/autograd/backward.h"
#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/unary.h"

using namespace phantom;

TEST_CASE("gradients accumulate over every use of a tensor and across backward calls") {
  Tensor x = Tensor::from_vector({1.0, -2.0, 3.0}, {3}, DType::F64).set_requires_grad();
  Tensor y = sum(x * x + x * 3.0);  // dy/dx = 2x + 3
  y.backward();
  CHECK(x.grad().to_vector() == std::vector<double>{5.0, -1.0, 9.0});
  sum(x).backward();  // leaves accumulate like PyTorch
  CHECK(x.grad().to_vector() == std::vector<double>{6.0, 0.0, 10.0});
  x.zero_grad();
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("inputs, not only parameters, receive gradients; constants do not") {
  Tensor image = Tensor::from_vector({0.5, 1.5}, {2}, DType::F64).set_requires_grad();
  Tensor weight = Tensor::from_vector({2.0, -1.0}, {2}, DType::F64);  // frozen
  sum(image * weight).backward();
  CHECK(image.grad().to_vector() == std::vector<double>{2.0, -1.0});
  CHECK_FALSE(weight.grad().defined());
}

TEST_CASE("hooks observe and may replace a gradient; retain_grad keeps a non-leaf's gradient") {
  Tensor x = Tensor::from_vector({1.0, 2.0}, {2}, DType::F64).set_requires_grad();
  Tensor h = x * 4.0;
  retain_grad(h);
  double seen = 0;
  h.register_hook([&](const Tensor& g) {
    seen = g.to_vector()[0];
    return g * 0.5;  // halve what flows further down
  });
  sum(h * h).backward();  // dL/dh = 2h = {8, 16}
  CHECK(seen == 8.0);
  // Hooks run in registration order: retain_grad came first, so it kept the unhalved gradient.
  CHECK(h.grad().to_vector() == std::vector<double>{8.0, 16.0});
  CHECK(x.grad().to_vector() == std::vector<double>{16.0, 32.0});  // 0.5 * 2h * 4
}

TEST_CASE("no-grad scopes record nothing") {
  Tensor x = Tensor::ones({2}, DType::F64).set_requires_grad();
  {
    NoGradGuard guard;
    Tensor y = exp(x);
    CHECK_FALSE(y.requires_grad());
    CHECK(y.is_leaf());
  }
  CHECK(exp(x).requires_grad());
}

TEST_CASE("user errors in backward are one clear line") {
  Tensor x = Tensor::ones({2});
  CHECK_THROWS_WITH_AS(sum(x).backward(), doctest::Contains("does not require grad"), UserError);
  Tensor w = Tensor::ones({2}).set_requires_grad();
  CHECK_THROWS_WITH_AS((w * 2.0).backward(), doctest::Contains("needs an explicit gradient"),
                       UserError);
  CHECK_THROWS_WITH_AS((w * 2.0).backward(Tensor::ones({3})), doctest::Contains("does not match"),
                       UserError);
  CHECK_THROWS_WITH_AS(add(Tensor::ones({2, 3}), Tensor::ones({4})),
                       doctest::Contains("cannot be broadcast"), UserError);
  CHECK_THROWS_AS((w * 2.0).set_requires_grad(true), UserError);  // only leaves
}

TEST_CASE("PHANTOM_TRACE_BACKWARD prints every node in backward order with shapes and norms") {
  Tensor x = Tensor::from_vector({3.0, 4.0}, {2}, DType::F64).set_requires_grad();
  Tensor loss = sum(relu(x) * 2.0);
  // Capture file descriptor 2 in a file for the duration of the backward pass.
  std::string path = "trace_backward_test.txt";
  std::fflush(stderr);
  int saved = dup(2), file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE((saved >= 0 && file >= 0));
  dup2(file, 2);
  setenv("PHANTOM_TRACE_BACKWARD", "1", 1);
  loss.backward();
  unsetenv("PHANTOM_TRACE_BACKWARD");
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string trace = text.str();
  std::remove(path.c_str());
  // Sum, then Affine (×2), then Relu; |dL_dx| of Relu = |(2, 2)| = 2.82843.
  size_t s = trace.find("Sum"), a = trace.find("Affine"), r = trace.find("Relu");
  CHECK(s != std::string::npos);
  CHECK(a != std::string::npos);
  CHECK(r != std::string::npos);
  CHECK((s < a && a < r));
  CHECK(trace.find("|2.82843|") != std::string::npos);
}
