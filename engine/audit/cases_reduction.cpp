#include "engine/audit/families.h"
#include "engine/ops/reduction.h"

namespace phantom::audit {

namespace {
using Dims = std::vector<int64_t>;

GradcheckCase reduce_case(Op op, std::string name, Shape shape,
                          std::function<Tensor(const Tensor&)> f, double lo = -1, double hi = 1) {
  return make_case(
      op, std::move(name), [=] { return std::vector{random_input(shape, 21, lo, hi)}; },
      [f](const std::vector<Tensor>& v) { return f(v[0]); });
}
}  // namespace

std::vector<GradcheckCase> reduction_cases(Op op) {
  switch (op) {
    case Op::Sum:
      return {reduce_case(op, "all of 3x4x5", {3, 4, 5}, [](const Tensor& x) { return sum(x); }),
              reduce_case(op, "dims {0,2} of 3x4x5", {3, 4, 5},
                          [](const Tensor& x) {
                            return sum(x, Dims{0, 2});
                          }),
              reduce_case(op, "dim -1 keepdim", {3, 4, 5},
                          [](const Tensor& x) { return sum(x, Dims{-1}, true); })};
    case Op::Mean:
      return {reduce_case(op, "all of 3x4x5", {3, 4, 5}, [](const Tensor& x) { return mean(x); }),
              reduce_case(op, "dims {0,2,3} (BN-like)", {2, 3, 4, 5}, [](const Tensor& x) {
                return mean(x, Dims{0, 2, 3});
              })};
    case Op::Max:
      // Random doubles are distinct almost surely, so each group has one clear maximum.
      return {reduce_case(op, "dim 1 of 3x7x2", {3, 7, 2},
                          [](const Tensor& x) { return max(x, Dims{1}); }),
              reduce_case(op, "all of 5x3", {5, 3}, [](const Tensor& x) { return max(x); })};
    case Op::Norm:
      return {reduce_case(op, "L2 over dim 1", {4, 6},
                          [](const Tensor& x) { return norm(x, 2.0, Dims{1}); }),
              reduce_case(
                  op, "L1 over all (no zeros)", {4, 6},
                  [](const Tensor& x) { return norm(x, 1.0); }, 0.1, 1),
              reduce_case(op, "L3 over dims {0,2}", {3, 2, 5}, [](const Tensor& x) {
                return norm(x, 3.0, Dims{0, 2});
              })};
    default:
      return {};
  }
}

}  // namespace phantom::audit
