// Broadcasting support shared by the binary ops: building the kernel's plan and folding a
// gradient of the broadcast shape back onto an operand's shape.
#pragma once
#include "engine/core/tensor.h"
#include "kernels/broadcast.h"

namespace phantom::detail {

// The plan of a op b broadcast (numpy rules), coalesced (coalesce_dims.h): its dims need not match
// the output's, only the walk over the output's elements in order (build output shapes with
// broadcast_shapes).
kernels::BroadcastPlan broadcast_plan(const Shape& a, const Shape& b, const char* op);
// Sums `g` over the dimensions along which `shape` was broadcast to g's shape.
Tensor sum_to_shape(const Tensor& g, const Shape& shape);

}  // namespace phantom::detail
