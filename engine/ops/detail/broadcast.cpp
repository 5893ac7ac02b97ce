#include "engine/ops/detail/broadcast.h"

#include "engine/ops/detail/coalesce_dims.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/reduce.h"

namespace phantom::detail {

kernels::BroadcastPlan broadcast_plan(const Shape& a, const Shape& b, const char* op) {
  Shape out = broadcast_shapes(a, b, op);
  PHANTOM_REQUIRE(out.size() <= size_t(kernels::kMaxRank), op, ": rank ", out.size(), " exceeds ",
                  kernels::kMaxRank);
  kernels::BroadcastPlan p;
  p.rank = static_cast<int>(out.size());
  p.numel = numel(out);
  p.same_shape = a == out && b == out;
  auto fill_strides = [&](const Shape& s, int64_t* strides) {
    Shape st = contiguous_strides(s);
    size_t lead = out.size() - s.size();
    for (size_t d = 0; d < out.size(); ++d)
      strides[d] = d < lead || s[d - lead] == 1 ? 0 : st[d - lead];
  };
  for (size_t d = 0; d < out.size(); ++d) p.out_shape[d] = out[d];
  fill_strides(a, p.a_stride);
  fill_strides(b, p.b_stride);
  p.rank = coalesce_dims(p.rank, p.out_shape, p.a_stride, p.b_stride);
  if (p.rank == 0) {  // one element: the kernels walk one row of one
    p.rank = 1;
    p.out_shape[0] = 1;
  }
  return p;
}

Tensor sum_to_shape(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  kernels::BroadcastPlan p = broadcast_plan(g.shape(), shape, "sum_to_shape");
  Tensor out = Tensor::empty(shape, g.dtype(), g.device());
  dispatch("sum_to_shape", g, [&]<class T, Backend B>() {
    PHANTOM_KERNEL(B, reduce_sum<T>(p, g.data<T>(), out.data<T>(), out.numel()));
  });
  return out;
}

}  // namespace phantom::detail
