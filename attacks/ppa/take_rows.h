// The rows (dim-0 entries) of a tensor at given indices, in that order, through autograd-recorded
// slices: how the attack picks candidates out of batches.
#pragma once
#include <vector>

#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

inline Tensor take_rows(const Tensor& x, const std::vector<int64_t>& rows) {
  std::vector<Tensor> parts;
  for (int64_t r : rows) parts.push_back(slice(x, 0, r, r + 1));
  return concat(parts, 0);
}

}  // namespace phantom::attacks
