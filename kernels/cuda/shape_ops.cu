// Data movement on the GPU: the strided box copy (permute, slice, pad, flip, concat), gather and
// its scatter-add adjoint (atomicAdd: repeated indices accumulate).
#include "kernels/cuda/launch.h"
#include "kernels/shape_ops.h"

namespace phantom::kernels::cuda {

namespace {
// Offset in x of output element `i` of a gather (index value substituted along dim).
__device__ int64_t gather_offset(const GatherPlan& p, int64_t i, const int64_t* index) {
  int64_t off = 0, flat = i;
  for (int k = p.rank - 1; k >= 0; --k) {
    int64_t c = flat % p.index_shape[k];
    flat /= p.index_shape[k];
    off += (k == p.dim ? index[i] : c) * p.x_stride[k];
  }
  return off;
}

int64_t element_count(const GatherPlan& p) {
  int64_t n = 1;
  for (int k = 0; k < p.rank; ++k) n *= p.index_shape[k];
  return n;
}
}  // namespace

template <class T>
void strided_copy(const StridedCopyPlan& plan, const T* src, T* dst) {
  const StridedCopyPlan p = plan;
  int64_t n = 1;
  for (int k = 0; k < p.rank; ++k) n *= p.shape[k];
  for_each_index(n, [=] __device__(int64_t i) {
    int64_t s = p.src_offset, d = p.dst_offset, flat = i;
    for (int k = p.rank - 1; k >= 0; --k) {
      int64_t c = flat % p.shape[k];
      flat /= p.shape[k];
      s += c * p.src_stride[k];
      d += c * p.dst_stride[k];
    }
    dst[d] = src[s];
  });
}

template <class T>
void gather(const GatherPlan& plan, const T* x, const int64_t* index, T* out) {
  const GatherPlan p = plan;
  for_each_index(element_count(p),
                 [=] __device__(int64_t i) { out[i] = x[gather_offset(p, i, index)]; });
}

template <class T>
void gather_backward(const GatherPlan& plan, const T* dL_dy, const int64_t* index, T* dL_dx) {
  const GatherPlan p = plan;
  for_each_index(element_count(p), [=] __device__(int64_t i) {
    atomicAdd(dL_dx + gather_offset(p, i, index), dL_dy[i]);
  });
}

template void strided_copy<float>(const StridedCopyPlan&, const float*, float*);
template void gather<float>(const GatherPlan&, const float*, const int64_t*, float*);
template void gather_backward<float>(const GatherPlan&, const float*, const int64_t*, float*);

}  // namespace phantom::kernels::cuda
