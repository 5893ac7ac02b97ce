// resize_bilinear (resample.h): separable, rows (H) then columns (W), each pass a weight table
// built once per call; backward applies the same tables transposed, W then H.
#include "engine/ops/resample.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/device_array.h"
#include "engine/ops/detail/dispatch.h"
#include "engine/ops/detail/resize_weights.h"
#include "kernels/resize.h"

namespace phantom {

namespace {

using detail::AxisWeights;

// One pass of the table `a` over src viewed as [outer, in_len, inner].
Tensor resample_axis(const Tensor& src, const AxisWeights& a, int64_t outer, int64_t in_len,
                     int64_t inner, const Shape& dst_shape, bool transposed) {
  const int64_t out_len = static_cast<int64_t>(a.first.size());
  kernels::AxisResamplePlan plan{outer, in_len, out_len, inner, a.taps};
  Tensor dst = Tensor::empty(dst_shape, src.dtype(), src.device());
  const Device device = src.device();
  auto first = detail::DeviceArray<int64_t>::from(a.first, device);
  auto count = detail::DeviceArray<int64_t>::from(a.count, device);
  detail::dispatch("Resize", src, [&]<class T, detail::Backend B>() {
    auto w = detail::DeviceArray<T>::from(std::vector<T>(a.w.begin(), a.w.end()), device);
    if (transposed)
      PHANTOM_KERNEL(B, axis_resample_transposed<T>(plan, first.data(), count.data(), w.data(),
                                                    src.data<T>(), dst.data<T>()));
    else
      PHANTOM_KERNEL(B, axis_resample<T>(plan, first.data(), count.data(), w.data(), src.data<T>(),
                                         dst.data<T>()));
  });
  return dst;
}

struct ResizeBackward final : Node {
  ResizeBackward() : Node(Op::Resize) {}
  AxisWeights rows, cols;
  Shape input_shape;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    const Shape& s = input_shape;
    const int64_t planes = s[0] * s[1], out_h = dL_dy.shape()[2];
    Tensor dL_dmid =
        resample_axis(dL_dy, cols, planes * out_h, s[3], 1, {s[0], s[1], out_h, s[3]}, true);
    return {resample_axis(dL_dmid, rows, planes, s[2], s[3], s, true)};
  }
};

}  // namespace

Tensor resize_bilinear(const Tensor& x, int64_t out_h, int64_t out_w, bool antialias, CropBox box) {
  require_rank("resize_bilinear", "x", x, 4);
  const Shape& s = x.shape();
  const double in_h = static_cast<double>(s[2]), in_w = static_cast<double>(s[3]);
  if (box.height < 0) box.height = in_h - box.top;
  if (box.width < 0) box.width = in_w - box.left;
  PHANTOM_REQUIRE(out_h > 0 && out_w > 0, "resize_bilinear: output size must be positive, found ",
                  out_h, "x", out_w);
  PHANTOM_REQUIRE(box.top >= 0 && box.left >= 0 && box.height > 0 && box.width > 0 &&
                      box.top + box.height <= in_h && box.left + box.width <= in_w,
                  "resize_bilinear: crop box (top ", box.top, ", left ", box.left, ", height ",
                  box.height, ", width ", box.width, ") must be non-empty and inside the ", s[2],
                  "x", s[3], " image");
  AxisWeights rows = detail::bilinear_axis_weights(box.top, box.height, out_h, antialias);
  AxisWeights cols = detail::bilinear_axis_weights(box.left, box.width, out_w, antialias);
  const int64_t planes = s[0] * s[1];
  Tensor mid = resample_axis(x, rows, planes, s[2], s[3], {s[0], s[1], out_h, s[3]}, false);
  Tensor y = resample_axis(mid, cols, planes * out_h, s[3], 1, {s[0], s[1], out_h, out_w}, false);
  if (auto* node = record<ResizeBackward>(y, {x})) {
    node->rows = std::move(rows);
    node->cols = std::move(cols);
    node->input_shape = s;
  }
  return y;
}

}  // namespace phantom
