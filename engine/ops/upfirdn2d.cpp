// upfirdn2d (resample.h). The adjoint is again an upfirdn2d. Output j reads input i through
// correlation tap t exactly when j·down + t − p0 = i·up, so
//   dL/dx[i] = gain · Σ_{j,t : j·down + t − p0 = i·up} g[t] · dL/dy[j].
// Substituting s = taps − 1 − t turns this into upfirdn2d(dL/dy) with up and down swapped, the
// correlation filter reversed (flip_filter negated), pad0' = taps − 1 − p0 and
// pad1' = in·up − out·down + p0 − up + 1; the latter makes the result exactly `in` long, since
// out·down + pad0' + pad1' − taps + 1 = in·up − up + 1 and ceil((in·up − up + 1)/up) = in.
// Only dL/dx exists: the filter is a constant (StyleGAN's resample_filter is a buffer).
#include "engine/ops/resample.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/upfirdn2d.h"

namespace phantom {

namespace {

// Length along one axis after upsample, pad and the valid correlation, then every down-th sample.
int64_t upfirdn_length(int64_t in, int64_t up, int64_t down, int64_t pad0, int64_t pad1,
                       int64_t taps, const char* axis) {
  const int64_t full = in * up + pad0 + pad1 - taps + 1;
  PHANTOM_REQUIRE(full >= 1, "upfirdn2d: along ", axis, " the padded signal (", in, "·", up, " + ",
                  pad0, " + ", pad1, ") is shorter than the ", taps, "-tap filter");
  return (full + down - 1) / down;
}

Upfirdn2dParams adjoint_params(const Upfirdn2dParams& p, int64_t fh, int64_t fw, const Shape& in,
                               const Shape& out) {
  Upfirdn2dParams a = p;
  a.up_x = p.down_x;
  a.up_y = p.down_y;
  a.down_x = p.up_x;
  a.down_y = p.up_y;
  a.flip_filter = !p.flip_filter;
  a.pad_x0 = fw - 1 - p.pad_x0;
  a.pad_y0 = fh - 1 - p.pad_y0;
  a.pad_x1 = in[3] * p.up_x - out[3] * p.down_x + p.pad_x0 - p.up_x + 1;
  a.pad_y1 = in[2] * p.up_y - out[2] * p.down_y + p.pad_y0 - p.up_y + 1;
  return a;
}

struct Upfirdn2dBackward final : Node {
  Upfirdn2dBackward() : Node(Op::Upfirdn2d) {}
  Tensor f;
  Upfirdn2dParams adjoint;
  std::vector<Tensor> backward(const Tensor& dL_dy) override {
    return {upfirdn2d(dL_dy, f, adjoint)};
  }
};

}  // namespace

Tensor upfirdn2d(const Tensor& x, const Tensor& f, const Upfirdn2dParams& p) {
  require_rank("upfirdn2d", "x", x, 4);
  require_rank("upfirdn2d", "filter", f, 2);
  require_same_dtype("upfirdn2d", x, f);
  require_same_device("upfirdn2d", x, f);
  PHANTOM_REQUIRE(!f.requires_grad(),
                  "upfirdn2d: the filter is a constant; no gradient flows to it (found a filter "
                  "that requires grad)");
  PHANTOM_REQUIRE(p.up_x >= 1 && p.up_y >= 1 && p.down_x >= 1 && p.down_y >= 1,
                  "upfirdn2d: up and down must be >= 1, "
                  "found up (",
                  p.up_x, ", ", p.up_y, ") down (", p.down_x, ", ", p.down_y, ")");
  PHANTOM_REQUIRE(f.numel() > 0, "upfirdn2d: empty filter ", f.describe());
  const Shape& s = x.shape();
  kernels::Upfirdn2dPlan plan;
  plan.planes = s[0] * s[1];
  plan.in_h = s[2];
  plan.in_w = s[3];
  plan.fh = f.shape()[0];
  plan.fw = f.shape()[1];
  plan.out_h = upfirdn_length(s[2], p.up_y, p.down_y, p.pad_y0, p.pad_y1, plan.fh, "y");
  plan.out_w = upfirdn_length(s[3], p.up_x, p.down_x, p.pad_x0, p.pad_x1, plan.fw, "x");
  plan.up_x = p.up_x;
  plan.up_y = p.up_y;
  plan.down_x = p.down_x;
  plan.down_y = p.down_y;
  plan.pad_x0 = p.pad_x0;
  plan.pad_y0 = p.pad_y0;
  plan.flip_filter = p.flip_filter;
  plan.gain = p.gain;
  Tensor y = Tensor::empty({s[0], s[1], plan.out_h, plan.out_w}, x.dtype(), x.device());
  detail::dispatch("upfirdn2d", x, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, upfirdn2d<T>(plan, x.data<T>(), f.data<T>(), y.data<T>()));
  });
  if (auto* node = record<Upfirdn2dBackward>(y, {x})) {
    node->f = f.detach();
    node->adjoint = adjoint_params(p, plan.fh, plan.fw, s, y.shape());
  }
  return y;
}

}  // namespace phantom
