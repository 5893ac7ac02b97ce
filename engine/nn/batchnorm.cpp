#include "engine/nn/batchnorm.h"

#include "engine/ops/batchnorm.h"

namespace phantom::nn {

BatchNorm::BatchNorm(int64_t num_features, int64_t input_rank, const char* name,
                     const BatchNormOptions& o)
    : options(o), num_features_(num_features), input_rank_(input_rank), name_(name) {
  PHANTOM_REQUIRE(num_features > 0, name, ": num_features must be positive, found ", num_features);
  if (o.affine) {
    weight = Tensor::ones({num_features});
    bias = Tensor::zeros({num_features});
    register_parameter("weight", &weight);
    register_parameter("bias", &bias);
  }
  if (o.track_running_stats) {
    running_mean = Tensor::zeros({num_features});
    running_var = Tensor::ones({num_features});
    num_batches_tracked = Tensor::zeros({});
    register_buffer("running_mean", &running_mean);
    register_buffer("running_var", &running_var);
    register_buffer("num_batches_tracked", &num_batches_tracked);
  }
}

Tensor BatchNorm::forward(const Tensor& x) {
  PHANTOM_REQUIRE(x.dim() == input_rank_ && x.size(1) == num_features_, name_, "(", num_features_,
                  "): expected input of rank ", input_rank_, " with ", num_features_,
                  " channels in dim 1, found ", x.describe());
  bool batch_stats = is_training() || !options.track_running_stats;
  if (is_training() && options.track_running_stats)
    num_batches_tracked.fill(num_batches_tracked.item() + 1);
  return batch_norm(x, weight, bias, running_mean, running_var, batch_stats, options.momentum,
                    options.eps);
}

}  // namespace phantom::nn
