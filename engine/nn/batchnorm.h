// Batch normalisation layers, torch.nn.BatchNorm1d ([N, C]) and BatchNorm2d ([N, C, H, W]).
// State-dict entries: weight, bias (when affine), running_mean, running_var, num_batches_tracked
// (when tracking running stats; the count is an f32 scalar, see module.h).
#pragma once
#include "engine/nn/module.h"

namespace phantom::nn {

struct BatchNormOptions {
  double eps = 1e-5;
  double momentum = 0.1;
  bool affine = true;
  bool track_running_stats = true;
};

class BatchNorm : public Module {
 public:
  // Training, or not tracking running stats: batch statistics (and, when tracking, an update of
  // the running ones). Eval: the running statistics.
  Tensor forward(const Tensor& x) override;

  Tensor weight, bias, running_mean, running_var, num_batches_tracked;
  BatchNormOptions options;

 protected:
  BatchNorm(int64_t num_features, int64_t input_rank, const char* name, const BatchNormOptions& o);

 private:
  int64_t num_features_;
  int64_t input_rank_;
  const char* name_;
};

class BatchNorm1d : public BatchNorm {
 public:
  explicit BatchNorm1d(int64_t num_features, const BatchNormOptions& o = {})
      : BatchNorm(num_features, 2, "BatchNorm1d", o) {}
};

class BatchNorm2d : public BatchNorm {
 public:
  explicit BatchNorm2d(int64_t num_features, const BatchNormOptions& o = {})
      : BatchNorm(num_features, 4, "BatchNorm2d", o) {}
};

}  // namespace phantom::nn
