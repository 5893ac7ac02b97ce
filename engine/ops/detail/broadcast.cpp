#include "engine/ops/detail/broadcast.h"

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
  coalesce(p);
  return p;
}

void coalesce(kernels::BroadcastPlan& p) {
  // Walking the output in order, element i has the same offsets in a and b before and after:
  // size-1 dims contribute nothing, and a dim whose stride in both inputs is the next dim's
  // stride times its size continues that dim. Fewer dims mean fewer divisions per element and
  // longer inner runs for the kernels.
  int rank = 0;
  for (int d = 0; d < p.rank; ++d) {
    if (p.out_shape[d] == 1) continue;
    if (rank > 0) {
      const int64_t n = p.out_shape[d];
      const int prev = rank - 1;
      if (p.a_stride[prev] == p.a_stride[d] * n && p.b_stride[prev] == p.b_stride[d] * n) {
        p.out_shape[prev] *= n;
        p.a_stride[prev] = p.a_stride[d];
        p.b_stride[prev] = p.b_stride[d];
        continue;
      }
    }
    p.out_shape[rank] = p.out_shape[d];
    p.a_stride[rank] = p.a_stride[d];
    p.b_stride[rank] = p.b_stride[d];
    ++rank;
  }
  if (rank == 0) {  // a single element
    p.out_shape[0] = 1;
    p.a_stride[0] = p.b_stride[0] = 0;
    rank = 1;
  }
  for (int d = rank; d < p.rank; ++d) p.out_shape[d] = p.a_stride[d] = p.b_stride[d] = 0;
  p.rank = rank;
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
