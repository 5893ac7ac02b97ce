#include "models/stylegan2/modulated_conv.h"

#include "engine/ops/arithmetic.h"
#include "engine/ops/conv.h"
#include "engine/ops/matmul.h"
#include "engine/ops/reduction.h"
#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"

namespace phantom::models::stylegan2 {

namespace {

constexpr double kDemodEps = 1e-8;

// The weight in the layout its convolution takes: OIHW, or IOHW for the transposed convolution
// of `up`.
Tensor conv_layout(const Tensor& weight, const ModConvSpec& spec) {
  return spec.up ? permute(weight, {1, 0, 2, 3}) : weight;
}

// x [N, I, H, W] convolved with w (in conv_layout), `groups` groups.
Tensor convolve(const Tensor& x, const Tensor& w, int64_t groups, const Tensor& f,
                const ModConvSpec& spec) {
  if (spec.up) return transposed_conv_up2(x, w, groups, f);
  Conv2dParams p;
  p.pad_h = p.pad_w = spec.padding;
  p.groups = groups;
  return conv2d(x, w, Tensor(), p);
}

Tensor fused(const Tensor& x, const Tensor& weight, const Tensor& styles, const Tensor& f,
             const ModConvSpec& spec) {
  const int64_t n = x.size(0), in = x.size(1), out = weight.size(0), k = weight.size(2);
  // Per-sample weights w[n] = weight · styles[n] along the input channels, then each filter
  // scaled to unit norm. They are built in the convolution's layout (permuting the small weight,
  // not the N per-sample copies): [n, a, b, k, k] with the input channels at dim in_dim.
  const Tensor base = conv_layout(weight, spec);
  const int64_t in_dim = spec.up ? 1 : 2;
  Shape style_shape{n, 1, 1, 1, 1};
  style_shape[size_t(in_dim)] = in;
  Tensor w = reshape(base, {1, base.size(0), base.size(1), k, k}) * reshape(styles, style_shape);
  if (spec.demodulate) w = w * pow(sum(w * w, {in_dim, 3, 4}, true) + kDemodEps, -0.5);
  Tensor grouped = reshape(x, {1, n * in, x.size(2), x.size(3)});
  Tensor y = convolve(grouped, reshape(w, {n * base.size(0), base.size(1), k, k}), n, f, spec);
  return reshape(y, {n, out, y.size(2), y.size(3)});
}

Tensor unfused(const Tensor& x, const Tensor& weight, const Tensor& styles, const Tensor& f,
               const ModConvSpec& spec) {
  const int64_t n = x.size(0), in = x.size(1), out = weight.size(0);
  Tensor y = convolve(x * reshape(styles, {n, in, 1, 1}), conv_layout(weight, spec), 1, f, spec);
  if (!spec.demodulate) return y;
  // Σ_{i,k} (weight[o,i,k]·s[n,i])² = Σ_i s[n,i]² · Σ_k weight[o,i,k]².
  Tensor energy = matmul(styles * styles, permute(sum(weight * weight, {2, 3}), {1, 0}));
  return y * reshape(pow(energy + kDemodEps, -0.5), {n, out, 1, 1});
}

}  // namespace

Tensor modulated_conv2d(const Tensor& x, const Tensor& weight, const Tensor& styles,
                        const Tensor& resample_filter, const ModConvSpec& spec) {
  require_rank("modulated_conv2d", "x", x, 4);
  require_rank("modulated_conv2d", "weight", weight, 4);
  require_rank("modulated_conv2d", "styles", styles, 2);
  PHANTOM_REQUIRE(
      styles.size(0) == x.size(0) && styles.size(1) == x.size(1) && weight.size(1) == x.size(1),
      "modulated_conv2d: x ", x.describe(), ", weight ", weight.describe(), " and styles ",
      styles.describe(), " disagree on batch or input channels");
  PHANTOM_REQUIRE(!spec.up || (weight.size(2) == 3 && spec.padding == 1),
                  "modulated_conv2d: up-sampling is implemented for 3x3 kernels with padding 1");
  return spec.fused ? fused(x, weight, styles, resample_filter, spec)
                    : unfused(x, weight, styles, resample_filter, spec);
}

Tensor transposed_conv_up2(const Tensor& x, const Tensor& w_transposed, int64_t groups,
                           const Tensor& resample_filter) {
  Conv2dParams p;
  p.stride_h = p.stride_w = 2;
  p.groups = groups;
  Tensor y = conv_transpose2d(x, w_transposed, Tensor(), p);
  Upfirdn2dParams fir;
  fir.pad_x0 = fir.pad_x1 = fir.pad_y0 = fir.pad_y1 = 1;
  fir.gain = 4.0;
  return upfirdn2d(y, resample_filter, fir);
}

Tensor upsample2d(const Tensor& x, const Tensor& resample_filter) {
  Upfirdn2dParams fir;
  fir.up_x = fir.up_y = 2;
  fir.pad_x0 = fir.pad_y0 = 2;
  fir.pad_x1 = fir.pad_y1 = 1;
  fir.gain = 4.0;
  return upfirdn2d(x, resample_filter, fir);
}

}  // namespace phantom::models::stylegan2
