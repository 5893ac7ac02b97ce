#include <cmath>

#include "engine/audit/families.h"
#include "engine/ops/unary.h"

namespace phantom::audit {

namespace {

// Inputs on [lo, hi) with values kept away from kinks (|x| >= 0.05 where the function has one at
// 0).
std::function<std::vector<Tensor>()> inputs_in(Shape shape, double lo, double hi,
                                               bool avoid_zero = false) {
  return [=] {
    Tensor x = random_input(shape, 11, lo, hi);
    if (avoid_zero)
      for (int64_t i = 0; i < x.numel(); ++i) {
        double& v = x.data<double>()[i];
        if (std::abs(v) < 0.05) v = v < 0 ? -0.05 - v : 0.05 + v;
      }
    return std::vector{x};
  };
}

GradcheckCase unary_case(Op op, std::string name, std::function<std::vector<Tensor>()> in,
                         std::function<Tensor(const Tensor&)> f) {
  return make_case(op, std::move(name), std::move(in),
                   [f](const std::vector<Tensor>& v) { return f(v[0]); });
}

}  // namespace

std::vector<GradcheckCase> unary_cases(Op op) {
  const Shape odd{3, 5, 2};
  switch (op) {
    case Op::Exp:
      return {unary_case(op, "3x5x2 on [-2,2)", inputs_in(odd, -2, 2),
                         [](const Tensor& x) { return exp(x); })};
    case Op::Log:
      return {unary_case(op, "3x5x2 on [0.2,3)", inputs_in(odd, 0.2, 3),
                         [](const Tensor& x) { return log(x); })};
    case Op::Sqrt:
      return {unary_case(op, "3x5x2 on [0.2,3)", inputs_in(odd, 0.2, 3),
                         [](const Tensor& x) { return sqrt(x); })};
    case Op::Pow:
      return {unary_case(op, "exponent 2.5", inputs_in(odd, 0.2, 2),
                         [](const Tensor& x) { return pow(x, 2.5); }),
              unary_case(op, "exponent -1", inputs_in(odd, 0.5, 2),
                         [](const Tensor& x) { return pow(x, -1.0); })};
    case Op::Abs:
      return {unary_case(op, "away from 0", inputs_in(odd, -1, 1, true),
                         [](const Tensor& x) { return abs(x); })};
    case Op::Clamp:
      return {unary_case(
          op, "[-0.5, 0.4] (values near bounds moved)",
          [] {
            Tensor x = random_input({4, 7}, 12, -1, 1);
            for (int64_t i = 0; i < x.numel(); ++i) {
              double& v = x.data<double>()[i];
              if (std::abs(v + 0.5) < 0.02 || std::abs(v - 0.4) < 0.02) v += 0.05;
            }
            return std::vector{x};
          },
          [](const Tensor& x) { return clamp(x, -0.5, 0.4); })};
    case Op::Relu:
      return {unary_case(op, "away from 0", inputs_in(odd, -1, 1, true),
                         [](const Tensor& x) { return relu(x); })};
    case Op::LeakyRelu:
      return {unary_case(op, "slope 0.2", inputs_in(odd, -1, 1, true),
                         [](const Tensor& x) { return leaky_relu(x, 0.2); })};
    case Op::Sigmoid:
      return {unary_case(op, "[-6,6)", inputs_in(odd, -6, 6),
                         [](const Tensor& x) { return sigmoid(x); })};
    case Op::Tanh:
      return {
          unary_case(op, "[-3,3)", inputs_in(odd, -3, 3), [](const Tensor& x) { return tanh(x); })};
    case Op::Softplus:
      return {unary_case(op, "[-30,30)", inputs_in(odd, -30, 30),
                         [](const Tensor& x) { return softplus(x); })};
    case Op::Acosh:
      return {unary_case(op, "[1.1,4)", inputs_in(odd, 1.1, 4),
                         [](const Tensor& x) { return acosh(x); })};
    case Op::BiasAct: {
      auto in = [] {
        Tensor x = random_input({2, 3, 4, 5}, 13, -1, 1);
        Tensor b = random_input({3}, 14, -0.3, 0.3);
        // Keep x + b away from the kink at 0 and from the clamp boundary (gain * |x+b| = 0.8).
        for (int64_t i = 0; i < x.numel(); ++i) {
          double& v = x.data<double>()[i];
          double s = v + b.data<double>()[(i / 20) % 3];
          if (std::abs(s) < 0.05) v += 0.1;
          if (std::abs(std::abs(s) * std::sqrt(2.0) - 0.8) < 0.05) v += 0.1;
        }
        return std::vector{x, b};
      };
      auto act = [](double clamp) -> OpUnderTest {
        return [clamp](const std::vector<Tensor>& v) {
          return bias_act(v[0], v[1], 0.2, std::sqrt(2.0), clamp);
        };
      };
      return {make_case(op, "lrelu gain sqrt2 with bias", in, act(-1)),
              make_case(op, "lrelu gain sqrt2 clamp 0.8", in, act(0.8)),
              make_case(
                  op, "linear, no bias, 2-D",
                  [] {
                    return std::vector{random_input({3, 4}, 15)};
                  },
                  [](const std::vector<Tensor>& v) { return bias_act(v[0], Tensor(), 1.0, 0.7); })};
    }
    default:
      return {};
  }
}

}  // namespace phantom::audit
