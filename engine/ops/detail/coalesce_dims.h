// Coalescing a walk over a box of elements addressed through two strided layouts (the operands of
// a broadcast, the source and destination of a copy): size-1 dims are dropped, and a dim whose
// stride in both layouts is the next dim's stride times that dim's size is merged with it. Element
// i of the walk keeps its offsets in both layouts; fewer dims mean fewer divisions per element and
// longer contiguous runs for the kernels (a permute of [1, O, I, 3, 3] copies runs of 9, not 3).
#pragma once
#include <cstdint>

namespace phantom::detail {

// Rewrites the first `rank` entries of the three arrays in place (entries past the new rank are
// zeroed) and returns the new rank, 0 when the box holds one element.
inline int coalesce_dims(int rank, int64_t* shape, int64_t* stride_a, int64_t* stride_b) {
  int out = 0;
  for (int d = 0; d < rank; ++d) {
    if (shape[d] == 1) continue;
    const int last = out - 1;
    if (out > 0 && stride_a[last] == stride_a[d] * shape[d] &&
        stride_b[last] == stride_b[d] * shape[d]) {
      shape[last] *= shape[d];
      stride_a[last] = stride_a[d];
      stride_b[last] = stride_b[d];
      continue;
    }
    shape[out] = shape[d];
    stride_a[out] = stride_a[d];
    stride_b[out] = stride_b[d];
    ++out;
  }
  for (int d = out; d < rank; ++d) shape[d] = stride_a[d] = stride_b[d] = 0;
  return out;
}

}  // namespace phantom::detail
