// Softmax and log-softmax along one dimension, computed with the max subtracted.
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);

}  // namespace phantom
