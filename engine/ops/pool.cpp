#include "engine/ops/pool.h"

#include <cstdint>
#include <limits>

#include "engine/autograd/node.h"
#include "engine/ops/detail/device_array.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/pool.h"

namespace phantom {

namespace {

using kernels::PoolGeometry;

struct MaxPoolBackward final : Node {
  MaxPoolBackward() : Node(Op::MaxPool2d) {}
  PoolGeometry g;
  Shape x_shape;
  detail::DeviceArray<int32_t> argmax;  // per output: index of the chosen element in its plane

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x_shape, dL_dy.dtype(), dL_dy.device());
    detail::dispatch("max_pool2d", dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, max_pool2d_backward<T>(g, dL_dy.data<T>(), argmax.data(), dL_dx.data<T>()));
    });
    return {dL_dx};
  }
};

// Average pooling, fixed or adaptive windows (the geometry says which).
struct AvgPoolBackward final : Node {
  explicit AvgPoolBackward(Op op) : Node(op) {}
  PoolGeometry g;
  Shape x_shape;

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    Tensor dL_dx = Tensor::empty(x_shape, dL_dy.dtype(), dL_dy.device());
    detail::dispatch(op_name(op()), dL_dy, [&]<class T, detail::Backend B>() {
      PHANTOM_KERNEL(B, avg_pool2d_backward<T>(g, dL_dy.data<T>(), dL_dx.data<T>()));
    });
    return {dL_dx};
  }
};

// PyTorch's pooling output size; with ceil_mode the last window must start inside the image or
// its left padding.
int64_t pooled_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad, bool ceil_mode) {
  int64_t span = in + 2 * pad - kernel + (ceil_mode ? stride - 1 : 0);
  int64_t out = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

PoolGeometry fixed_geometry(const char* op, const Tensor& x, const Pool2dParams& p) {
  require_rank(op, "input", x, 4);
  PHANTOM_REQUIRE(p.kernel_h >= 1 && p.kernel_w >= 1, op, ": kernel must be >= 1, found ",
                  p.kernel_h, "x", p.kernel_w);
  PHANTOM_REQUIRE(p.stride_h >= 1 && p.stride_w >= 1, op, ": stride must be >= 1, found ",
                  p.stride_h, "x", p.stride_w);
  PHANTOM_REQUIRE(
      p.pad_h >= 0 && p.pad_w >= 0 && 2 * p.pad_h <= p.kernel_h && 2 * p.pad_w <= p.kernel_w, op,
      ": padding must be between 0 and half the kernel (", p.kernel_h, "x", p.kernel_w, "), found ",
      p.pad_h, "x", p.pad_w);
  PoolGeometry g;
  g.planes = x.size(0) * x.size(1), g.in_h = x.size(2), g.in_w = x.size(3);
  g.kernel_h = p.kernel_h, g.kernel_w = p.kernel_w, g.stride_h = p.stride_h,
  g.stride_w = p.stride_w;
  g.pad_h = p.pad_h, g.pad_w = p.pad_w, g.count_include_pad = p.count_include_pad;
  g.out_h = pooled_size(g.in_h, g.kernel_h, g.stride_h, g.pad_h, p.ceil_mode);
  g.out_w = pooled_size(g.in_w, g.kernel_w, g.stride_w, g.pad_w, p.ceil_mode);
  PHANTOM_REQUIRE(g.out_h >= 1 && g.out_w >= 1, op, ": input ", x.describe(),
                  " is too small for kernel ", p.kernel_h, "x", p.kernel_w, " (output would be ",
                  g.out_h, "x", g.out_w, ")");
  return g;
}

Shape output_shape(const Tensor& x, const PoolGeometry& g) {
  return {x.size(0), x.size(1), g.out_h, g.out_w};
}

Tensor average(const char* op_label, Op op, const Tensor& x, const PoolGeometry& g) {
  Tensor y = Tensor::empty(output_shape(x, g), x.dtype(), x.device());
  detail::dispatch(op_label, x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, avg_pool2d_forward<T>(g, x.data<T>(), y.data<T>()));
  });
  if (auto* node = record<AvgPoolBackward>(y, {x}, op)) {
    node->g = g;
    node->x_shape = x.shape();
  }
  return y;
}

}  // namespace

Tensor max_pool2d(const Tensor& x, const Pool2dParams& p) {
  PoolGeometry g = fixed_geometry("max_pool2d", x, p);
  PHANTOM_REQUIRE(g.in_h * g.in_w <= std::numeric_limits<int32_t>::max(),
                  "max_pool2d: image plane of ", x.describe(), " exceeds 2^31 elements");
  Tensor y = Tensor::empty(output_shape(x, g), x.dtype(), x.device());
  detail::DeviceArray<int32_t> argmax(y.numel(), x.device());
  detail::dispatch("max_pool2d", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, max_pool2d_forward<T>(g, x.data<T>(), y.data<T>(), argmax.data()));
  });
  if (auto* node = record<MaxPoolBackward>(y, {x})) {
    node->g = g;
    node->x_shape = x.shape();
    node->argmax = argmax;
  }
  return y;
}

Tensor avg_pool2d(const Tensor& x, const Pool2dParams& p) {
  return average("avg_pool2d", Op::AvgPool2d, x, fixed_geometry("avg_pool2d", x, p));
}

Tensor adaptive_avg_pool2d(const Tensor& x, int64_t out_h, int64_t out_w) {
  const char* op = "adaptive_avg_pool2d";
  require_rank(op, "input", x, 4);
  PHANTOM_REQUIRE(out_h >= 1 && out_w >= 1, op, ": output size must be >= 1, found ", out_h, "x",
                  out_w);
  PoolGeometry g;
  g.planes = x.size(0) * x.size(1), g.in_h = x.size(2), g.in_w = x.size(3);
  g.out_h = out_h, g.out_w = out_w, g.adaptive = true;
  return average(op, Op::AdaptiveAvgPool2d, x, g);
}

}  // namespace phantom
