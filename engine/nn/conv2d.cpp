#include "engine/nn/conv2d.h"

#include <cmath>

#include "engine/nn/init.h"

namespace phantom::nn {

Conv2d::Conv2d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Generator& gen,
               const Conv2dOptions& o) {
  PHANTOM_REQUIRE(in_channels > 0 && out_channels > 0 && kernel_size > 0 && o.groups > 0 &&
                      in_channels % o.groups == 0 && out_channels % o.groups == 0,
                  "Conv2d: channels ", in_channels, " -> ", out_channels, " with kernel ",
                  kernel_size, " and groups ", o.groups,
                  " (channels must be positive multiples of groups)");
  params.stride_h = params.stride_w = o.stride;
  params.pad_h = params.pad_w = o.padding;
  params.dilation_h = params.dilation_w = o.dilation;
  params.groups = o.groups;
  int64_t fan_in = in_channels / o.groups * kernel_size * kernel_size;
  weight = kaiming_uniform({out_channels, in_channels / o.groups, kernel_size, kernel_size}, fan_in,
                           std::sqrt(5.0), gen);
  register_parameter("weight", &weight);
  if (o.bias) {
    bias = fan_in_uniform({out_channels}, fan_in, gen);
    register_parameter("bias", &bias);
  }
}

Tensor Conv2d::forward(const Tensor& x) {
  return conv2d(x, weight, bias, params);
}

}  // namespace phantom::nn
