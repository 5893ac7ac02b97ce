// Data movement without arithmetic. One strided copy covers permute, slice, flip, pad and concat
// (each op only chooses the source and destination offsets and strides); gather and its
// scatter-add adjoint index along one dimension.
#pragma once
#include <cstdint>

#include "kernels/broadcast.h"  // kMaxRank

namespace phantom::kernels {

// Copies the box `shape` from src to dst: element (i0..ir) is read at
// src_offset + Σ i_d·src_stride[d] and written at dst_offset + Σ i_d·dst_stride[d] (strides in
// elements, may be negative). Distinct box elements must map to distinct
// destinations.
struct StridedCopyPlan {
  int rank = 0;
  int64_t shape[kMaxRank] = {};
  int64_t src_offset = 0, dst_offset = 0;
  int64_t src_stride[kMaxRank] = {};
  int64_t dst_stride[kMaxRank] = {};
};

// torch.gather along `dim`: output element (i0..ir) (the index's shape) reads x at the same
// coordinates except along `dim`, where it reads index[i0..ir]. Index dims may be smaller than x's.
struct GatherPlan {
  int rank = 0;
  int dim = 0;
  int64_t index_shape[kMaxRank] = {};  // = output shape
  int64_t x_stride[kMaxRank] = {};
};

namespace cpu {
template <class T>
void strided_copy(const StridedCopyPlan& plan, const T* src, T* dst);
// out[i] = x[gather offset of i]; index values already validated to [0, x.shape[dim]).
template <class T>
void gather(const GatherPlan& plan, const T* x, const int64_t* index, T* out);
// dL_dx += scatter of dL_dy (repeated indices accumulate); dL_dx must start zeroed.
template <class T>
void gather_backward(const GatherPlan& plan, const T* dL_dy, const int64_t* index, T* dL_dx);
}  // namespace cpu

// The same kernels on the GPU (cuda/shape_ops.cu); pointers are device memory.
namespace cuda {
template <class T>
void strided_copy(const StridedCopyPlan& plan, const T* src, T* dst);
template <class T>
void gather(const GatherPlan& plan, const T* x, const int64_t* index, T* out);
template <class T>
void gather_backward(const GatherPlan& plan, const T* dL_dy, const int64_t* index, T* dL_dx);
}  // namespace cuda

}  // namespace phantom::kernels
