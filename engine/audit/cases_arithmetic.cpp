#include "engine/audit/families.h"
#include "engine/ops/arithmetic.h"

namespace phantom::audit {

namespace {
std::vector<GradcheckCase> binary_cases(Op op, Tensor (*f)(const Tensor&, const Tensor&)) {
  // Divisors kept away from 0 so the finite differences stay well conditioned.
  double lo = op == Op::Div ? 0.5 : -1.0;
  auto run = [f](const std::vector<Tensor>& in) { return f(in[0], in[1]); };
  return {
      make_case(
          op, "same shape 3x5",
          [=] {
            return std::vector{random_input({3, 5}, 1), random_input({3, 5}, 2, lo, 2.0)};
          },
          run),
      make_case(
          op, "broadcast 2x3x4 with 3x1",
          [=] {
            return std::vector{random_input({2, 3, 4}, 3), random_input({3, 1}, 4, lo, 2.0)};
          },
          run),
      make_case(
          op, "broadcast 1x4 with 3x1",
          [=] {
            return std::vector{random_input({1, 4}, 5), random_input({3, 1}, 6, lo, 2.0)};
          },
          run),
      make_case(
          op, "scalar operand",
          [=] {
            return std::vector{random_input({2, 3}, 7), random_input({}, 8, lo, 2.0)};
          },
          run),
  };
}
}  // namespace

std::vector<GradcheckCase> arithmetic_cases(Op op) {
  switch (op) {
    case Op::Add:
      return binary_cases(op, add);
    case Op::Sub:
      return binary_cases(op, sub);
    case Op::Mul:
      return binary_cases(op, mul);
    case Op::Div:
      return binary_cases(op, div);
    case Op::Affine:
      return {make_case(
          op, "alpha -1.5 beta 0.25",
          [] {
            return std::vector{random_input({4, 3}, 9)};
          },
          [](const std::vector<Tensor>& in) { return affine(in[0], -1.5, 0.25); })};
    default:
      return {};
  }
}

}  // namespace phantom::audit
