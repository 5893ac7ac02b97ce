// Device and dtype dispatch for the ops. `dispatch` runs fn.template operator()<T, B>() with T the
// tensor's element type and B its backend; inside, PHANTOM_KERNEL(B, f<T>(...)) calls
// kernels::cpu::f or kernels::cuda::f with the very same argument list, so the two backends'
// signatures cannot drift apart (a mismatch fails to compile in a CUDA build).
//
// The CUDA branch exists only in CUDA builds (f32 only: f64 tensors are CPU-only), so a CPU-only
// build never references a CUDA kernel. Arguments handed to a kernel must live on the tensor's
// device: host-side tables (labels, indices, argmax) go through detail::DeviceArray.
#pragma once
#include "engine/core/tensor.h"
#include "kernels/cuda/runtime.h"

namespace phantom::detail {

enum class Backend { Cpu, Cuda };

template <class Fn>
decltype(auto) dispatch(const char* op, const Tensor& t, Fn&& fn) {
#if defined(PHANTOM_HAVE_CUDA)
  if (t.device().is_cuda()) {
    PHANTOM_CHECK(t.dtype() == DType::F32, op, " on ", t.describe());
    kernels::cuda::set_device(t.device().index);
    return fn.template operator()<float, Backend::Cuda>();
  }
#endif
  PHANTOM_REQUIRE(t.device().is_cpu(), op, ": this phantom was built without CUDA (tensor ",
                  t.describe(), ")");
  return dispatch_float(t.dtype(), [&]<class T>() -> decltype(auto) {
    return fn.template operator()<T, Backend::Cpu>();
  });
}

}  // namespace phantom::detail

// kernels::cuda::<call> when B is Backend::Cuda, else kernels::cpu::<call>; an expression with the
// kernel's result. Only the chosen branch is instantiated.
#define PHANTOM_KERNEL(B, ...)                             \
  ([&]() -> decltype(auto) {                               \
    if constexpr ((B) == ::phantom::detail::Backend::Cuda) \
      return ::phantom::kernels::cuda::__VA_ARGS__;        \
    else                                                   \
      return ::phantom::kernels::cpu::__VA_ARGS__;         \
  }())
