#include <algorithm>
#include <numeric>

#include "engine/audit/families.h"
#include "engine/ops/pool.h"

namespace phantom::audit {

namespace {

// Values 0.01 apart in random order: every window has one clear maximum, so the finite differences
// (eps 1e-6) never cross a tie.
Tensor distinct_input(const Shape& shape, uint64_t seed) {
  Tensor r = random_input(shape, seed);
  std::vector<double> v = r.to_vector();
  std::vector<int64_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return v[a] < v[b]; });
  std::vector<double> ranked(v.size());
  for (size_t rank = 0; rank < order.size(); ++rank)
    ranked[order[rank]] = 0.01 * double(rank) - 1.0;
  Tensor t = Tensor::from_vector(ranked, shape, DType::F64);
  t.set_requires_grad(true);
  return t;
}

Pool2dParams params(int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t pad, bool ceil_mode,
                    bool count_include_pad = true) {
  Pool2dParams p;
  p.kernel_h = kh, p.kernel_w = kw, p.stride_h = sh, p.stride_w = sw;
  p.pad_h = p.pad_w = pad, p.ceil_mode = ceil_mode, p.count_include_pad = count_include_pad;
  return p;
}

GradcheckCase pool_case(Op op, std::string name, Shape shape, uint64_t seed, Pool2dParams p,
                        Tensor (*f)(const Tensor&, const Pool2dParams&)) {
  bool distinct = op == Op::MaxPool2d;
  return make_case(
      op, std::move(name),
      [=] {
        return std::vector{distinct ? distinct_input(shape, seed) : random_input(shape, seed)};
      },
      [=](const std::vector<Tensor>& in) { return f(in[0], p); });
}

GradcheckCase adaptive_case(std::string name, Shape shape, uint64_t seed, int64_t oh, int64_t ow) {
  return make_case(
      Op::AdaptiveAvgPool2d, std::move(name),
      [=] { return std::vector{random_input(shape, seed)}; },
      [=](const std::vector<Tensor>& in) { return adaptive_avg_pool2d(in[0], oh, ow); });
}

}  // namespace

std::vector<GradcheckCase> pool_cases(Op op) {
  switch (op) {
    case Op::MaxPool2d:
      return {
          pool_case(op, "3x3 stride 2 (overlapping)", {2, 3, 7, 7}, 1, params(3, 3, 2, 2, 0, false),
                    max_pool2d),
          pool_case(op, "3x3 stride 2 pad 1 ceil_mode", {1, 2, 8, 6}, 2,
                    params(3, 3, 2, 2, 1, true), max_pool2d),
          pool_case(op, "2x3 kernel stride 1x2", {2, 2, 5, 7}, 3, params(2, 3, 1, 2, 0, false),
                    max_pool2d),
      };
    case Op::AvgPool2d:
      return {
          pool_case(op, "3x3 stride 2 (overlapping)", {2, 3, 7, 7}, 4, params(3, 3, 2, 2, 0, false),
                    avg_pool2d),
          pool_case(op, "3x3 stride 2 pad 1 ceil_mode, count_include_pad", {1, 2, 8, 6}, 5,
                    params(3, 3, 2, 2, 1, true), avg_pool2d),
          pool_case(op, "3x3 stride 2 pad 1 ceil_mode, padding excluded", {1, 2, 8, 6}, 6,
                    params(3, 3, 2, 2, 1, true, false), avg_pool2d),
      };
    case Op::AdaptiveAvgPool2d:
      return {adaptive_case("7x5 to 3x2 (overlapping windows)", {2, 3, 7, 5}, 7, 3, 2),
              adaptive_case("5x6 to 1x1 (global)", {2, 2, 5, 6}, 8, 1, 1),
              adaptive_case("3x4 to 5x7 (upsampling windows)", {1, 2, 3, 4}, 9, 5, 7)};
    default:
      return {};
  }
}

}  // namespace phantom::audit
