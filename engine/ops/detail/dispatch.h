// Runs fn.template operator()<T>() for a CPU tensor's element type. Until an op has its CUDA twin
// (kernels/cuda), a CUDA tensor reaching it gets a clear error instead of a bad pointer.
#pragma once
#include "engine/core/tensor.h"

namespace phantom::detail {

template <class Fn>
decltype(auto) dispatch_cpu(const char* op, const Tensor& t, Fn&& fn) {
  PHANTOM_REQUIRE(t.device().is_cpu(), op, ": no CUDA kernel for this op yet (tensor ",
                  t.describe(), ")");
  return dispatch_float(t.dtype(), std::forward<Fn>(fn));
}

}  // namespace phantom::detail
