#include "engine/nn/init.h"

#include <cmath>

namespace phantom::nn {

Tensor kaiming_uniform(const Shape& shape, int64_t fan_in, double a, Generator& gen) {
  PHANTOM_CHECK(fan_in > 0, "fan_in ", fan_in);
  double bound = std::sqrt(2.0 / (1.0 + a * a)) * std::sqrt(3.0 / static_cast<double>(fan_in));
  return gen.uniform(shape, -bound, bound);
}

Tensor fan_in_uniform(const Shape& shape, int64_t fan_in, Generator& gen) {
  PHANTOM_CHECK(fan_in > 0, "fan_in ", fan_in);
  double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  return gen.uniform(shape, -bound, bound);
}

}  // namespace phantom::nn
