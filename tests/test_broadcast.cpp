// Broadcasting binary ops against a per-element reference on shapes that exercise the coalesced
// plans and the CPU's row walk: size-1 and leading dims, operands constant along a row, rows cut
// into pieces (few long rows), plans large enough to run in parallel; forward and gradients.
#include <doctest/doctest.h>

#include <functional>

#include "engine/core/random.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/detail/broadcast.h"

using namespace phantom;

namespace {

// Offset of output element `i` in an operand of `shape` broadcast to `out` (numpy rules).
int64_t naive_offset(int64_t i, const Shape& out, const Shape& shape) {
  int64_t offset = 0, stride = 1;
  const size_t lead = out.size() - shape.size();
  for (size_t d = out.size(); d-- > 0;) {
    const int64_t c = i % out[d];
    i /= out[d];
    if (d >= lead) {
      const int64_t n = shape[d - lead];
      if (n != 1) offset += c * stride;
      stride *= n;
    }
  }
  return offset;
}

struct Case {
  Shape a, b;
};

const Case kCases[] = {
    {{2, 3, 4, 5}, {1, 3, 1, 1}},        // per-channel scale: b constant along rows
    {{4, 1, 6, 3, 3}, {1, 5, 6, 1, 1}},  // modulation-like: both broadcast
    {{7}, {3, 1}},                       // leading dim and a column
    {{1, 1, 9000}, {2, 1, 1}},           // few rows longer than a piece
    {{64, 3, 200}, {64, 1, 200}},        // > the parallel grain, b broadcast in the middle
    {{5, 4}, {5, 4}},                    // same shape
    {{}, {3, 2}},                        // scalar
    {{2, 1, 3}, {1, 4, 1}},              // outer product
};

}  // namespace

TEST_CASE("coalesced broadcast plans give every output element its naive offsets") {
  for (const Case& c : kCases) {
    const Shape out = broadcast_shapes(c.a, c.b, "test");
    const kernels::BroadcastPlan p = detail::broadcast_plan(c.a, c.b, "test");
    CAPTURE(shape_str(c.a));
    CAPTURE(shape_str(c.b));
    CHECK(p.numel == numel(out));
    CHECK(p.rank <= static_cast<int>(std::max<size_t>(out.size(), 1)));
    for (int64_t i = 0; i < p.numel; i += 1 + p.numel / 5000) {
      int64_t ia, ib;
      kernels::broadcast_offsets(p, i, ia, ib);
      REQUIRE(ia == naive_offset(i, out, c.a));
      REQUIRE(ib == naive_offset(i, out, c.b));
    }
  }
  // Contiguous dims fold into one; size-1 dims vanish.
  CHECK(detail::broadcast_plan({2, 3, 4, 5}, {1, 3, 1, 1}, "t").rank == 3);
  CHECK(detail::broadcast_plan({6, 7}, {6, 7}, "t").rank == 1);
}

TEST_CASE("broadcast add, sub, mul and div match the per-element reference, with gradients") {
  using Op = std::function<Tensor(const Tensor&, const Tensor&)>;
  using Scalar = std::function<double(double, double)>;
  const std::pair<Op, Scalar> ops[] = {{[](const Tensor& x, const Tensor& y) { return add(x, y); },
                                        [](double x, double y) { return x + y; }},
                                       {[](const Tensor& x, const Tensor& y) { return sub(x, y); },
                                        [](double x, double y) { return x - y; }},
                                       {[](const Tensor& x, const Tensor& y) { return mul(x, y); },
                                        [](double x, double y) { return x * y; }},
                                       {[](const Tensor& x, const Tensor& y) { return div(x, y); },
                                        [](double x, double y) { return x / y; }}};
  Generator gen(3);
  for (DType dtype : {DType::F32, DType::F64})
    for (const Case& c : kCases)
      for (const auto& [op, scalar] : ops) {
        CAPTURE(shape_str(c.a));
        CAPTURE(shape_str(c.b));
        const Shape out = broadcast_shapes(c.a, c.b, "test");
        Tensor a = gen.uniform(c.a, 0.5, 2.0, dtype).set_requires_grad(true);
        Tensor b = gen.uniform(c.b, 0.5, 2.0, dtype).set_requires_grad(true);
        Tensor y = op(a, b);
        REQUIRE(y.shape() == out);
        const std::vector<double> av = a.to_vector(), bv = b.to_vector(), yv = y.to_vector();
        Tensor g = gen.normal(out, 0.0, 1.0, dtype);
        const std::vector<double> gv = g.to_vector();
        std::vector<double> ga(av.size()), gb(bv.size());
        const double h = dtype == DType::F64 ? 1e-7 : 1e-3;  // derivative by central difference
        for (int64_t i = 0; i < numel(out); ++i) {
          const int64_t ia = naive_offset(i, out, c.a), ib = naive_offset(i, out, c.b);
          const double x = av[size_t(ia)], z = bv[size_t(ib)];
          REQUIRE(yv[size_t(i)] == doctest::Approx(scalar(x, z)).epsilon(1e-6));
          ga[size_t(ia)] += gv[size_t(i)] * (scalar(x + h, z) - scalar(x - h, z)) / (2 * h);
          gb[size_t(ib)] += gv[size_t(i)] * (scalar(x, z + h) - scalar(x, z - h)) / (2 * h);
        }
        y.backward(g);
        const std::vector<double> da = a.grad().to_vector(), db = b.grad().to_vector();
        for (size_t k = 0; k < ga.size(); ++k)
          REQUIRE(da[k] == doctest::Approx(ga[k]).epsilon(1e-3).scale(1.0));
        for (size_t k = 0; k < gb.size(); ++k)
          REQUIRE(db[k] == doctest::Approx(gb[k]).epsilon(1e-3).scale(1.0));
      }
}
