// The backward pass: walks the tape from `root` in reverse topological order, calls each node's
// explicit backward, runs tensor hooks, and accumulates gradients into leaves that require grad.
// PHANTOM_TRACE_BACKWARD=1 prints every node in that order with shapes and gradient norms.
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

void run_backward(const Tensor& root, const Tensor& dL_droot);

// Non-leaf tensors keep their gradient after backward when asked (the attack inspects dL/d(image)).
void retain_grad(Tensor& t);

}  // namespace phantom
