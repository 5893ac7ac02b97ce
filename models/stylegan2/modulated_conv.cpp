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

// x [N, I, H, W] convolved with w (OIHW; transposed layout when up), `groups` groups.
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
  // Per-sample weights w[n, o, i] = weight[o, i] · styles[n, i], then d[n, o] scales each filter
  // to unit norm. The transposed convolution of `up` wants them as [n, i, o]: that layout is
  // built directly (permuting the small weight, not the per-sample copies).
  Tensor w = spec.up ? reshape(permute(weight, {1, 0, 2, 3}), {1, in, out, k, k}) *
                           reshape(styles, {n, in, 1, 1, 1})
                     : reshape(weight, {1, out, in, k, k}) * reshape(styles, {n, 1, in, 1, 1});
  if (spec.demodulate) {
    const std::vector<int64_t> per_filter =
        spec.up ? std::vector<int64_t>{1, 3, 4} : std::vector<int64_t>{2, 3, 4};
    w = w * pow(sum(w * w, per_filter, true) + kDemodEps, -0.5);
  }
  Tensor grouped = reshape(x, {1, n * in, x.size(2), x.size(3)});
  Tensor w_grouped = spec.up ? reshape(w, {n * in, out, k, k}) : reshape(w, {n * out, in, k, k});
  Tensor y = convolve(grouped, w_grouped, n, f, spec);
  return reshape(y, {n, out, y.size(2), y.size(3)});
}

Tensor unfused(const Tensor& x, const Tensor& weight, const Tensor& styles, const Tensor& f,
               const ModConvSpec& spec) {
  const int64_t n = x.size(0), in = x.size(1), out = weight.size(0);
  Tensor y = convolve(x * reshape(styles, {n, in, 1, 1}),
                      spec.up ? permute(weight, {1, 0, 2, 3}) : weight, 1, f, spec);
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
