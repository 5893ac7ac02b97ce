#include "engine/audit/families.h"
#include "engine/ops/softmax.h"

namespace phantom::audit {

std::vector<GradcheckCase> softmax_cases(Op op) {
  if (op != Op::Softmax && op != Op::LogSoftmax) return {};
  auto f = [op](int64_t dim) -> OpUnderTest {
    return [op, dim](const std::vector<Tensor>& v) {
      return op == Op::Softmax ? softmax(v[0], dim) : log_softmax(v[0], dim);
    };
  };
  auto in = [](Shape s) { return [s] { return std::vector{random_input(s, 31, -3, 3)}; }; };
  return {make_case(op, "last dim of 4x7", in({4, 7}), f(-1)),
          make_case(op, "middle dim of 2x5x3", in({2, 5, 3}), f(1)),
          make_case(op, "first dim of 3x4", in({3, 4}), f(0))};
}

}  // namespace phantom::audit
