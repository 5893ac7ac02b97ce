#include "engine/audit/families.h"
#include "engine/ops/matmul.h"

namespace phantom::audit {

namespace {

std::vector<GradcheckCase> matmul_cases() {
  auto run = [](const std::vector<Tensor>& in) { return matmul(in[0], in[1]); };
  auto pair = [](Shape a, Shape b, uint64_t seed) {
    return [=] { return std::vector{random_input(a, seed), random_input(b, seed + 1)}; };
  };
  return {
      make_case(Op::Matmul, "3x5 @ 5x7", pair({3, 5}, {5, 7}, 1), run),
      make_case(Op::Matmul, "1x1 @ 1x1", pair({1, 1}, {1, 1}, 3), run),
      make_case(Op::Matmul, "13x67 @ 67x9 (odd, crosses tiles)", pair({13, 67}, {67, 9}, 5), run),
      make_case(Op::Matmul, "batched 2x3x4x5 @ 5x6 (shared b)", pair({2, 3, 4, 5}, {5, 6}, 7), run),
      make_case(Op::Matmul, "batched 3x4x5 @ 3x5x2", pair({3, 4, 5}, {3, 5, 2}, 9), run),
  };
}

std::vector<GradcheckCase> linear_cases() {
  auto with_bias = [](const std::vector<Tensor>& in) { return linear(in[0], in[1], in[2]); };
  auto no_bias = [](const std::vector<Tensor>& in) { return linear(in[0], in[1], Tensor()); };
  auto inputs = [](Shape x, int64_t out, bool bias, uint64_t seed) {
    return [=] {
      std::vector<Tensor> v{random_input(x, seed), random_input({out, x.back()}, seed + 1)};
      if (bias) v.push_back(random_input({out}, seed + 2));
      return v;
    };
  };
  return {
      make_case(Op::Linear, "x 4x5, w 3x5, bias", inputs({4, 5}, 3, true, 11), with_bias),
      make_case(Op::Linear, "x 4x5, w 3x5, no bias", inputs({4, 5}, 3, false, 14), no_bias),
      make_case(Op::Linear, "x 1x1, w 1x1, bias", inputs({1, 1}, 1, true, 17), with_bias),
      make_case(Op::Linear, "x 7x33, w 11x33, bias (odd)", inputs({7, 33}, 11, true, 20),
                with_bias),
      make_case(Op::Linear, "x 2x3x6, w 5x6, bias (batched)", inputs({2, 3, 6}, 5, true, 23),
                with_bias),
  };
}

}  // namespace

std::vector<GradcheckCase> linalg_cases(Op op) {
  switch (op) {
    case Op::Matmul:
      return matmul_cases();
    case Op::Linear:
      return linear_cases();
    default:
      return {};
  }
}

}  // namespace phantom::audit
