// conv2d and conv_transpose2d share one convolution geometry and its three linear maps
// (kernels/conv.h): the transposed convolution's forward is the convolution's backward-data and its
// backward-data is the convolution's forward, with the weight in the same [C_in, C_out/g, kH, kW]
// storage read as the convolution's [K, C/g, kH, kW].
#include "engine/ops/conv.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/conv.h"

namespace phantom {

namespace {

using kernels::ConvGeometry;

// The geometry of the underlying convolution: "image" is its input (conv2d's x, the transposed
// convolution's output), "response" its output (conv2d's y, the transposed convolution's x).
struct ConvSetup {
  ConvGeometry g;
  bool transposed = false;
  Shape image_shape() const { return {g.batch, g.in_channels, g.in_h, g.in_w}; }
  Shape response_shape() const { return {g.batch, g.out_channels, g.out_h, g.out_w}; }
};

struct ConvBackward final : Node {
  explicit ConvBackward(const ConvSetup& s)
      : Node(s.transposed ? Op::ConvTranspose2d : Op::Conv2d), setup(s) {}
  ConvSetup setup;
  Tensor x, w;

  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    const ConvGeometry& g = setup.g;
    // In convolution terms: which of (x, dL_dy) is the image and which the response gradient.
    const Tensor& image = setup.transposed ? dL_dy : x;
    const Tensor& response = setup.transposed ? x : dL_dy;
    Tensor dL_dx, dL_dw, dL_db;
    if (needs_grad(0)) dL_dx = Tensor::empty(x.shape(), x.dtype(), x.device());
    if (needs_grad(1)) dL_dw = Tensor::empty(w.shape(), w.dtype(), w.device());
    if (needs_grad(2)) dL_db = Tensor::empty({dL_dy.size(1)}, dL_dy.dtype(), dL_dy.device());
    detail::dispatch(op_name(op()), dL_dy, [&]<class T, detail::Backend B>() {
      if (dL_dx.defined()) {
        if (setup.transposed)
          PHANTOM_KERNEL(
              B, conv2d_forward<T>(g, dL_dy.data<T>(), w.data<T>(), nullptr, dL_dx.data<T>()));
        else
          PHANTOM_KERNEL(B,
                         conv2d_backward_data<T>(g, dL_dy.data<T>(), w.data<T>(), dL_dx.data<T>()));
      }
      if (dL_dw.defined())
        PHANTOM_KERNEL(
            B, conv2d_backward_weight<T>(g, image.data<T>(), response.data<T>(), dL_dw.data<T>()));
      if (dL_db.defined())
        PHANTOM_KERNEL(B, channel_sum<T>(dL_dy.data<T>(), dL_db.data<T>(), dL_dy.size(0),
                                         dL_dy.size(1), dL_dy.size(2) * dL_dy.size(3)));
    });
    return {dL_dx, dL_dw, dL_db};
  }
};

void check_operands(const char* op, const Tensor& x, const Tensor& w, const Tensor& b,
                    const Conv2dParams& p, int64_t out_channels) {
  require_rank(op, "input", x, 4);
  require_rank(op, "weight", w, 4);
  require_same_device(op, x, w);
  require_same_dtype(op, x, w);
  PHANTOM_REQUIRE(p.stride_h >= 1 && p.stride_w >= 1, op, ": stride must be >= 1, found ",
                  p.stride_h, "x", p.stride_w);
  PHANTOM_REQUIRE(p.dilation_h >= 1 && p.dilation_w >= 1, op, ": dilation must be >= 1, found ",
                  p.dilation_h, "x", p.dilation_w);
  PHANTOM_REQUIRE(p.pad_h >= 0 && p.pad_w >= 0, op, ": padding must be >= 0, found ", p.pad_h, "x",
                  p.pad_w);
  PHANTOM_REQUIRE(p.groups >= 1, op, ": groups must be >= 1, found ", p.groups);
  if (b.defined()) {
    require_same_device(op, x, b);
    require_same_dtype(op, x, b);
    PHANTOM_REQUIRE(b.dim() == 1 && b.size(0) == out_channels, op, ": bias must be [", out_channels,
                    "] (one per output channel), found ", b.describe());
  }
}

ConvGeometry kernel_geometry(const Tensor& w, const Conv2dParams& p) {
  ConvGeometry g;
  g.kernel_h = w.size(2), g.kernel_w = w.size(3);
  g.stride_h = p.stride_h, g.stride_w = p.stride_w;
  g.pad_h = p.pad_h, g.pad_w = p.pad_w;
  g.dilation_h = p.dilation_h, g.dilation_w = p.dilation_w;
  g.groups = p.groups;
  return g;
}

Tensor record_conv(Tensor& y, const ConvSetup& setup, const Tensor& x, const Tensor& w,
                   const Tensor& b) {
  if (auto* node = record<ConvBackward>(y, {x, w, b}, setup)) {
    node->x = x.detach();
    node->w = w.detach();
  }
  return y;
}

}  // namespace

Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dParams& p) {
  const char* op = "conv2d";
  check_operands(op, x, w, b, p, w.dim() == 4 ? w.size(0) : 0);
  PHANTOM_REQUIRE(p.output_pad_h == 0 && p.output_pad_w == 0, op,
                  ": output padding applies to conv_transpose2d only, found ", p.output_pad_h, "x",
                  p.output_pad_w);
  ConvSetup s{kernel_geometry(w, p), false};
  ConvGeometry& g = s.g;
  g.batch = x.size(0), g.in_channels = x.size(1), g.in_h = x.size(2), g.in_w = x.size(3);
  g.out_channels = w.size(0);
  PHANTOM_REQUIRE(g.in_channels % g.groups == 0 && g.out_channels % g.groups == 0, op,
                  ": input channels (", g.in_channels, ") and output channels (", g.out_channels,
                  ") must both be divisible by groups (", g.groups, ")");
  PHANTOM_REQUIRE(w.size(1) * g.groups == g.in_channels, op, ": input has ", g.in_channels,
                  " channels but weight ", w.describe(), " with groups ", g.groups, " expects ",
                  w.size(1) * g.groups);
  int64_t span_h = g.dilation_h * (g.kernel_h - 1) + 1,
          span_w = g.dilation_w * (g.kernel_w - 1) + 1;
  PHANTOM_REQUIRE(g.in_h + 2 * g.pad_h >= span_h && g.in_w + 2 * g.pad_w >= span_w, op,
                  ": padded input ", g.in_h + 2 * g.pad_h, "x", g.in_w + 2 * g.pad_w,
                  " is smaller than the dilated kernel ", span_h, "x", span_w);
  g.out_h = (g.in_h + 2 * g.pad_h - span_h) / g.stride_h + 1;
  g.out_w = (g.in_w + 2 * g.pad_w - span_w) / g.stride_w + 1;

  Tensor y = Tensor::empty(s.response_shape(), x.dtype(), x.device());
  detail::dispatch(op, x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, conv2d_forward<T>(g, x.data<T>(), w.data<T>(),
                                        b.defined() ? b.data<T>() : nullptr, y.data<T>()));
  });
  return record_conv(y, s, x, w, b);
}

Tensor conv_transpose2d(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dParams& p) {
  const char* op = "conv_transpose2d";
  check_operands(op, x, w, b, p, w.dim() == 4 ? w.size(1) * p.groups : 0);
  PHANTOM_REQUIRE(p.output_pad_h >= 0 && p.output_pad_w >= 0, op, ": output padding must be >= 0");
  PHANTOM_REQUIRE((p.output_pad_h < p.stride_h || p.output_pad_h < p.dilation_h) &&
                      (p.output_pad_w < p.stride_w || p.output_pad_w < p.dilation_w),
                  op, ": output padding (", p.output_pad_h, "x", p.output_pad_w,
                  ") must be smaller than either stride or dilation");
  ConvSetup s{kernel_geometry(w, p), true};
  ConvGeometry& g = s.g;
  g.batch = x.size(0), g.out_channels = x.size(1), g.out_h = x.size(2), g.out_w = x.size(3);
  PHANTOM_REQUIRE(g.out_channels % g.groups == 0, op, ": input channels (", g.out_channels,
                  ") must be divisible by groups (", g.groups, ")");
  PHANTOM_REQUIRE(w.size(0) == g.out_channels, op, ": input has ", g.out_channels,
                  " channels but weight ", w.describe(), " expects ", w.size(0),
                  " (weight is [C_in, C_out/groups, kH, kW])");
  g.in_channels = w.size(1) * g.groups;
  g.in_h = (g.out_h - 1) * g.stride_h - 2 * g.pad_h + g.dilation_h * (g.kernel_h - 1) +
           p.output_pad_h + 1;
  g.in_w = (g.out_w - 1) * g.stride_w - 2 * g.pad_w + g.dilation_w * (g.kernel_w - 1) +
           p.output_pad_w + 1;
  PHANTOM_REQUIRE(g.in_h >= 1 && g.in_w >= 1, op, ": padding leaves no output (", g.in_h, "x",
                  g.in_w, ")");

  Tensor y = Tensor::empty(s.image_shape(), x.dtype(), x.device());
  detail::dispatch(op, x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, conv2d_backward_data<T>(g, x.data<T>(), w.data<T>(), y.data<T>()));
    if (b.defined())
      PHANTOM_KERNEL(B, add_channel_bias<T>(y.data<T>(), b.data<T>(), g.batch, g.in_channels,
                                            g.in_h * g.in_w));
  });
  return record_conv(y, s, x, w, b);
}

}  // namespace phantom
