#include "models/stylegan2/resnet_skip_layer.h"

#include <cmath>

#include "engine/ops/arithmetic.h"
#include "engine/ops/conv.h"
#include "models/stylegan2/fir_filter.h"
#include "models/stylegan2/modulated_conv.h"

namespace phantom::models::stylegan2 {

ResnetSkipLayer::ResnetSkipLayer(int64_t in_channels, int64_t out_channels, phantom::Generator& gen)
    : weight_gain_(1.0 / std::sqrt(static_cast<double>(in_channels))) {
  weight = gen.normal({out_channels, in_channels, 1, 1});
  resample_filter = make_resample_filter();
  register_parameter("weight", &weight);
  register_buffer("resample_filter", &resample_filter);
}

Tensor ResnetSkipLayer::forward(const Tensor& x) {
  // A 1x1 conv commutes with the per-channel up-sampling; converting the channels first is the
  // cheaper order (out <= in here).
  Tensor y = conv2d(x, weight * weight_gain_, Tensor());
  return upsample2d(y, resample_filter) * std::sqrt(0.5);
}

}  // namespace phantom::models::stylegan2
