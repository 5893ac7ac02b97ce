// Reductions over a list of dimensions (empty list = all dimensions).
#pragma once
#include <vector>

#include "engine/core/tensor.h"

namespace phantom {

Tensor sum(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
Tensor mean(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
// Maximum; the gradient goes to the first maximal element of each reduced group.
Tensor max(const Tensor& x, const std::vector<int64_t>& dims = {}, bool keepdim = false);
// p-norm (p >= 1) over dims: (Σ|x|^p)^(1/p).
Tensor norm(const Tensor& x, double p = 2.0, const std::vector<int64_t>& dims = {},
            bool keepdim = false);

}  // namespace phantom
