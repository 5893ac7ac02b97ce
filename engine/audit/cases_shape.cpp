#include "engine/audit/families.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"

namespace phantom::audit {

namespace {
using Inputs = std::vector<Tensor>;

GradcheckCase unary_case(Op op, std::string name, Shape shape,
                         std::function<Tensor(const Tensor&)> f) {
  return make_case(
      op, std::move(name), [=] { return Inputs{random_input(shape, 11)}; },
      [=](const Inputs& in) { return f(in[0]); });
}
}  // namespace

std::vector<GradcheckCase> shape_cases(Op op) {
  switch (op) {
    case Op::Reshape:
      return {unary_case(op, "3x5x2 -> -1x3", {3, 5, 2},
                         [](const Tensor& x) {
                           return reshape(x, {-1, 3});
                         }),
              // The view's gradient must flow through a later op that reads the shared storage.
              unary_case(op, "reshape then scale", {2, 3, 5}, [](const Tensor& x) {
                return reshape(x, {5, -1}) * 2.5;
              })};
    case Op::Permute:
      return {unary_case(op, "2x3x5 order 2,0,1", {2, 3, 5},
                         [](const Tensor& x) {
                           return permute(x, {2, 0, 1});
                         }),
              unary_case(op, "4-d order 3,1,0,2", {2, 3, 1, 5}, [](const Tensor& x) {
                return permute(x, {3, 1, 0, 2});
              })};
    case Op::Concat:
      return {make_case(
                  op, "dim 1 of 3 odd tensors",
                  [] {
                    return Inputs{random_input({2, 3, 5}, 1), random_input({2, 1, 5}, 2),
                                  random_input({2, 4, 5}, 3)};
                  },
                  [](const Inputs& in) { return concat(in, 1); }),
              make_case(
                  op, "dim -1, same tensor twice",
                  [] {
                    return Inputs{random_input({3, 2}, 4)};
                  },
                  [](const Inputs& in) {
                    return concat({in[0], in[0]}, -1);
                  })};
    case Op::Slice:
      return {unary_case(op, "dim 1 [1:6:2] of 3x7x2", {3, 7, 2},
                         [](const Tensor& x) { return slice(x, 1, 1, 6, 2); }),
              unary_case(op, "negative bounds [-4:-1] dim 0", {7, 3},
                         [](const Tensor& x) { return slice(x, 0, -4, -1); }),
              unary_case(op, "step 3 past the end", {2, 8},
                         [](const Tensor& x) { return slice(x, -1, 0, 100, 3); })};
    case Op::Pad:
      return {unary_case(op, "2-d pad (1,2,0,3) of 2x3x5", {2, 3, 5},
                         [](const Tensor& x) {
                           return pad(x, {1, 2, 0, 3}, 0.5);
                         }),
              unary_case(op, "negative pads crop", {3, 5, 7}, [](const Tensor& x) {
                return pad(x, {-2, 1, 2, -1, -1, 0});
              })};
    case Op::Flip:
      return {unary_case(op, "dims 0,2 of 3x4x5", {3, 4, 5},
                         [](const Tensor& x) {
                           return flip(x, {0, 2});
                         }),
              unary_case(op, "dim -1 of 7", {7}, [](const Tensor& x) { return flip(x, {-1}); })};
    case Op::Gather:
      return {unary_case(op, "dim 1, repeated indices", {3, 5},
                         [](const Tensor& x) {
                           return gather(x, 1, {0, 0, 4, 2, 1, 1, 3, 3, 3}, {3, 3});
                         }),
              unary_case(op, "dim 0, index smaller than x", {4, 3, 2}, [](const Tensor& x) {
                return gather(x, 0, {3, 0, 3, 1, 2, 2, 0, 0}, {2, 2, 2});
              })};
    default:
      return {};
  }
}

}  // namespace phantom::audit
