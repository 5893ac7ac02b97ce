#include "models/layers.h"

#include <cmath>

namespace phantom::models {

std::shared_ptr<nn::Conv2d> kaiming_conv(int64_t in_channels, int64_t out_channels,
                                         int64_t kernel_size, int64_t stride, Generator& gen,
                                         bool bias) {
  nn::Conv2dOptions options;
  options.stride = stride;
  options.padding = kernel_size / 2;
  options.bias = bias;
  // nn::Conv2d draws PyTorch's layer default from its generator; torchvision then overwrites it.
  // A throwaway generator keeps `gen`'s sequence to the draws torchvision's init makes.
  Generator layer_default;
  auto conv =
      std::make_shared<nn::Conv2d>(in_channels, out_channels, kernel_size, layer_default, options);
  double fan_out = static_cast<double>(out_channels * kernel_size * kernel_size);
  conv->weight.copy_from(gen.normal(conv->weight.shape(), 0.0, std::sqrt(2.0 / fan_out)));
  if (bias) conv->bias.fill(0.0);
  return conv;
}

std::shared_ptr<nn::Sequential> projection_shortcut(int64_t in_channels, int64_t out_channels,
                                                    int64_t stride, const nn::BatchNormOptions& bn,
                                                    Generator& gen) {
  return std::make_shared<nn::Sequential>(std::vector<std::shared_ptr<nn::Module>>{
      kaiming_conv(in_channels, out_channels, 1, stride, gen),
      std::make_shared<nn::BatchNorm2d>(out_channels, bn)});
}

}  // namespace phantom::models
