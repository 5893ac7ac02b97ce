// Broadcasting support shared by the binary ops: building the kernel's plan and folding a
// gradient of the broadcast shape back onto an operand's shape.
#pragma once
#include "engine/core/tensor.h"
#include "kernels/broadcast.h"

namespace phantom::detail {

kernels::BroadcastPlan broadcast_plan(const Shape& a, const Shape& b, const char* op);
// Sums `g` over the dimensions along which `shape` was broadcast to g's shape.
Tensor sum_to_shape(const Tensor& g, const Shape& shape);

}  // namespace phantom::detail
