#include "models/stylegan2/discriminator_layers.h"

#include <algorithm>
#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/conv.h"
#include "engine/ops/reduction.h"
#include "engine/ops/resample.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"
#include "models/stylegan2/fir_filter.h"

namespace phantom::models::stylegan2 {

DiscriminatorConv::DiscriminatorConv(int64_t in_channels, int64_t out_channels,
                                     const DiscriminatorConvOptions& options,
                                     phantom::Generator& gen)
    : options_(options),
      weight_gain_(1.0 / std::sqrt(static_cast<double>(in_channels * options.kernel_size *
                                                       options.kernel_size))) {
  PHANTOM_CHECK(options.down == 1 || options.down == 2, "down must be 1 or 2");
  weight = gen.normal({out_channels, in_channels, options.kernel_size, options.kernel_size});
  register_parameter("weight", &weight);
  if (options.bias) {
    bias = Tensor::zeros({out_channels});
    register_parameter("bias", &bias);
  }
  resample_filter = make_resample_filter();
  register_buffer("resample_filter", &resample_filter);
}

Tensor DiscriminatorConv::forward(const Tensor& x, double gain) {
  const Tensor w = weight * weight_gain_;
  const int64_t padding = options_.kernel_size / 2;
  Tensor y;
  if (options_.down == 1) {
    y = conv2d(x, w, Tensor(), {.pad_h = padding, .pad_w = padding});
  } else {
    // The official conv2d_resample: low-pass with the 4-tap filter, padded so that a following
    // stride-2 convolution (or, for 1x1 kernels, the filter's own down-sampling) halves the size.
    // Taps 4, down 2: extra padding (4 - 2 + 1) / 2 = 1 before and (4 - 2) / 2 = 1 after.
    const int64_t p = padding + 1;
    if (options_.kernel_size == 1) {
      y = upfirdn2d(x, resample_filter,
                    {.down_x = 2, .down_y = 2, .pad_x0 = p, .pad_x1 = p, .pad_y0 = p, .pad_y1 = p});
      y = conv2d(y, w, Tensor());
    } else {
      y = upfirdn2d(x, resample_filter, {.pad_x0 = p, .pad_x1 = p, .pad_y0 = p, .pad_y1 = p});
      y = conv2d(y, w, Tensor(), {.stride_h = 2, .stride_w = 2});
    }
  }
  const double act_gain = (options_.lrelu ? std::sqrt(2.0) : 1.0) * gain;
  const double clamp = options_.conv_clamp ? *options_.conv_clamp * gain : -1.0;
  return bias_act(y, bias, options_.lrelu ? 0.2 : 1.0, act_gain, clamp);
}

Tensor minibatch_std(const Tensor& x, int64_t group_size, int64_t num_channels) {
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t G = std::min(group_size, N), F = num_channels;
  PHANTOM_REQUIRE(N % G == 0, "minibatch std: the batch size (", N,
                  ") must be divisible by the group size (", G, ")");
  PHANTOM_CHECK(C % F == 0, "mbstd channels must divide the features");
  const int64_t n = N / G;
  Tensor y = reshape(x, {G, n, F, C / F, H, W});
  y = y - mean(y, {0}, true);
  y = sqrt(mean(y * y, {0}) + 1e-8);                             // [n, F, c, H, W]
  y = reshape(mean(y, {2, 3, 4}), {1, n, F, 1, 1});              // [1, n, F, 1, 1]
  y = y * Tensor::ones({G, n, F, H, W}, x.dtype(), x.device());  // replicate over group and pixels
  return concat({x, reshape(y, {N, F, H, W})}, 1);
}

}  // namespace phantom::models::stylegan2
