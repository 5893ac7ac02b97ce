// Reduction geometry shared by the CPU and CUDA backends: the input split into groups, one per
// output element. `kept` dims index the output, `reduced` dims run inside a group; strides are the
// input's (row-major).
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/broadcast.h"
#include "kernels/hd.h"

namespace phantom::kernels {

struct ReduceGroups {
  int kept_rank = 0, reduced_rank = 0;
  int64_t kept_size[kMaxRank] = {}, kept_stride[kMaxRank] = {};
  int64_t reduced_size[kMaxRank] = {}, reduced_stride[kMaxRank] = {};
  int64_t count = 1;  // elements per group
};

inline ReduceGroups make_reduce_groups(const BroadcastPlan& plan) {
  ReduceGroups g;
  int64_t stride = 1;
  int64_t strides[kMaxRank];
  for (int d = plan.rank - 1; d >= 0; --d) strides[d] = stride, stride *= plan.out_shape[d];
  for (int d = 0; d < plan.rank; ++d) {
    if (plan.b_stride[d] == 0 && plan.out_shape[d] > 1) {
      g.reduced_size[g.reduced_rank] = plan.out_shape[d];
      g.reduced_stride[g.reduced_rank++] = strides[d];
      g.count *= plan.out_shape[d];
    } else {
      g.kept_size[g.kept_rank] = plan.out_shape[d];
      g.kept_stride[g.kept_rank++] = strides[d];
    }
  }
  return g;
}

// Input offset of the first element of output o's group.
PHANTOM_HD int64_t group_base(const ReduceGroups& g, int64_t o) {
  int64_t base = 0;
  for (int d = g.kept_rank - 1; d >= 0; --d)
    base += (o % g.kept_size[d]) * g.kept_stride[d], o /= g.kept_size[d];
  return base;
}

// Input offset of element r (row-major over the reduced dims) of the group starting at base.
PHANTOM_HD int64_t group_offset(const ReduceGroups& g, int64_t base, int64_t r) {
  for (int d = g.reduced_rank - 1; d >= 0; --d)
    base += (r % g.reduced_size[d]) * g.reduced_stride[d], r /= g.reduced_size[d];
  return base;
}

// The last step of sum, mean and norm on the f64 group sum: scale · sum^(1/root) (root 1: none).
PHANTOM_HD double reduce_finish_value(double sum, double scale, double root) {
  return root == 1.0 ? sum * scale : scale * pow(sum, 1.0 / root);
}

// d‖x‖_p/dx_i · dL/dy for one element: sign(x) (|x|/‖x‖)^(p−1), zero where the norm is 0.
PHANTOM_HD double norm_grad_value(double x, double norm, double dL_dy, double p) {
  double d = norm == 0 ? 0.0 : (x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0)) * pow(fabs(x) / norm, p - 1);
  return d * dL_dy;
}

}  // namespace phantom::kernels
