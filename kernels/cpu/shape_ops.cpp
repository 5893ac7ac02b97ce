#include "kernels/shape_ops.h"

#include <algorithm>

#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
// Offsets of the first element of row `row` (all dims but the last) in src and dst.
void row_offsets(const StridedCopyPlan& p, int64_t row, int64_t& s, int64_t& d) {
  s = p.src_offset;
  d = p.dst_offset;
  for (int k = p.rank - 2; k >= 0; --k) {
    int64_t c = row % p.shape[k];
    row /= p.shape[k];
    s += c * p.src_stride[k];
    d += c * p.dst_stride[k];
  }
}

// Offset in x of output element `i` of a gather (index value substituted along dim).
int64_t gather_offset(const GatherPlan& p, int64_t i, const int64_t* index) {
  int64_t off = 0;
  int64_t flat = i;
  for (int k = p.rank - 1; k >= 0; --k) {
    int64_t c = flat % p.index_shape[k];
    flat /= p.index_shape[k];
    off += (k == p.dim ? index[i] : c) * p.x_stride[k];
  }
  return off;
}
}  // namespace

template <class T>
void strided_copy(const StridedCopyPlan& p, const T* src, T* dst) {
  if (p.rank == 0) {
    dst[p.dst_offset] = src[p.src_offset];
    return;
  }
  int64_t len = p.shape[p.rank - 1];
  int64_t rows = 1;
  for (int k = 0; k + 1 < p.rank; ++k) rows *= p.shape[k];
  if (len == 0 || rows == 0) return;
  int64_t ss = p.src_stride[p.rank - 1], ds = p.dst_stride[p.rank - 1];
  // Rows are independent; the innermost loop is a plain strided copy.
  parallel_chunks(rows, std::max<int64_t>(1, kParallelGrain / len), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t s, d;
      row_offsets(p, r, s, d);
      for (int64_t j = 0; j < len; ++j) dst[d + j * ds] = src[s + j * ss];
    }
  });
}

template <class T>
void gather(const GatherPlan& p, const T* x, const int64_t* index, T* out) {
  int64_t n = 1;
  for (int k = 0; k < p.rank; ++k) n *= p.index_shape[k];
  parallel_for(n, [&](int64_t i) { out[i] = x[gather_offset(p, i, index)]; });
}

template <class T>
void gather_backward(const GatherPlan& p, const T* dL_dy, const int64_t* index, T* dL_dx) {
  int64_t n = 1;
  for (int k = 0; k < p.rank; ++k) n *= p.index_shape[k];
  // Serial: repeated indices write the same dL_dx element.
  for (int64_t i = 0; i < n; ++i) dL_dx[gather_offset(p, i, index)] += dL_dy[i];
}

#define PHANTOM_INSTANTIATE(T)                                              \
  template void strided_copy<T>(const StridedCopyPlan&, const T*, T*);      \
  template void gather<T>(const GatherPlan&, const T*, const int64_t*, T*); \
  template void gather_backward<T>(const GatherPlan&, const T*, const int64_t*, T*);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
