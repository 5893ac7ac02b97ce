// Runs a colour-transform kernel (kernels/image_color.h) on the device of its input image, so every
// transform computes where the image is and leaves the result there.
#pragma once
#include "engine/core/tensor.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/image_color.h"

namespace phantom::data {

inline kernels::ImageShape image_shape(const Tensor& chw) {
  return {chw.size(0), chw.size(1), chw.size(2)};
}

// A new f32 tensor of `out_shape` on chw's device, written by
// run.template operator()<B>(src, dst), which calls PHANTOM_KERNEL(B, <kernel>(..., src, dst)).
// `chw` has passed require_image (transform.h), so it is f32 on either backend.
template <class Run>
Tensor run_image_kernel(const char* what, const Tensor& chw, const Shape& out_shape, Run&& run) {
  Tensor out = Tensor::empty(out_shape, DType::F32, chw.device());
  detail::dispatch(what, chw, [&]<class, detail::Backend B>() {
    run.template operator()<B>(chw.data<float>(), out.data<float>());
  });
  return out;
}

}  // namespace phantom::data
