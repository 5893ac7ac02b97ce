// StyleGAN2's modulated convolution (spec §2.6) composed from engine ops, so autograd reaches x,
// the weight and the styles (and through them w) without a dedicated kernel.
#pragma once
#include "engine/core/tensor.h"

namespace phantom::models::stylegan2 {

struct ModConvSpec {
  bool demodulate = true;
  bool up = false;      // 2x up-sampling (transposed conv + FIR), a true convolution
  int64_t padding = 0;  // of the non-up convolution (1 for 3x3, 0 for 1x1)
  bool fused = true;    // one grouped conv with per-sample weights, or shared-weight conv
};

// x [N, I, H, W], weight [O, I, k, k], styles [N, I] -> [N, O, H', W'] (H' = 2H when up).
// `resample_filter` [4, 4] (f = k kᵀ / 64) is only read when up.
Tensor modulated_conv2d(const Tensor& x, const Tensor& weight, const Tensor& styles,
                        const Tensor& resample_filter, const ModConvSpec& spec);

// conv2d_resample's up = 2 path for a 3x3 kernel with padding 1, w_transposed in transposed
// layout [C_in, C_out/groups, 3, 3]: conv_transpose2d with stride 2 and no padding (the kernel is
// not flipped, so this is a true convolution with the stored kernel; H -> 2H + 1), then the FIR
// filter with gain 4 and padding [1, 1, 1, 1] (2H + 1 -> 2H).
Tensor transposed_conv_up2(const Tensor& x, const Tensor& w_transposed, int64_t groups,
                           const Tensor& resample_filter);

// upsample2d of spec §2.5: zero insertion, FIR with gain 4, padding [2, 1, 2, 1]; H x W -> 2H x 2W.
Tensor upsample2d(const Tensor& x, const Tensor& resample_filter);

}  // namespace phantom::models::stylegan2
