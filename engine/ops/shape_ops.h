// Ops that move data without arithmetic.
#pragma once
#include <vector>

#include "engine/core/tensor.h"

namespace phantom {

Tensor reshape(const Tensor& x, const Shape& shape);  // one -1 allowed; shares storage
Tensor permute(const Tensor& x, const std::vector<int64_t>& order);
Tensor concat(const std::vector<Tensor>& xs, int64_t dim);
Tensor slice(const Tensor& x, int64_t dim, int64_t begin, int64_t end, int64_t step = 1);
// Constant padding of the last len(pads)/2 dims; pads = {last_lo, last_hi, prev_lo, prev_hi, ...}
// as in torch.nn.functional.pad. Negative pads crop.
Tensor pad(const Tensor& x, const std::vector<int64_t>& pads, double value = 0.0);
Tensor flip(const Tensor& x, const std::vector<int64_t>& dims);
// out[i][j] = x[i][index[i][j]] along `dim` (torch.gather); index values as int64 in a vector
// with index_shape.
Tensor gather(const Tensor& x, int64_t dim, const std::vector<int64_t>& index,
              const Shape& index_shape);
// [N] labels -> [N, num_classes] of 0/1 in `dtype`. Not differentiable.
Tensor one_hot(const std::vector<int64_t>& labels, int64_t num_classes, DType dtype = DType::F32,
               Device device = Device::cpu());

}  // namespace phantom
