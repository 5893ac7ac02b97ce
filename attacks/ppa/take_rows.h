// The rows (dim-0 entries) of a tensor at given indices or with a given label, through
// autograd-recorded slices: how the attack picks candidates out of batches and classes.
#pragma once
#include <vector>

#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

inline Tensor take_rows(const Tensor& x, const std::vector<int64_t>& rows) {
  std::vector<Tensor> parts;
  for (int64_t r : rows) parts.push_back(slice(x, 0, r, r + 1));
  return concat(parts, 0);
}

// The rows of x whose label (labels[i] for row i) is `label`, in order, at most `limit` of them
// (all when limit < 0); undefined when there is none.
inline Tensor rows_with_label(const Tensor& x, const std::vector<int64_t>& labels, int64_t label,
                              int64_t limit = -1) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < labels.size() && (limit < 0 || int64_t(rows.size()) < limit); ++i)
    if (labels[i] == label) rows.push_back(static_cast<int64_t>(i));
  return rows.empty() ? Tensor() : take_rows(x, rows);
}

}  // namespace phantom::attacks
