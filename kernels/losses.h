// Row-wise classification losses over logits [N, C] and pointwise losses (formulas in
// loss_math.h). CPU in cpu/losses.cpp, GPU in cuda/losses.cu.
#pragma once
#include <cstdint>

namespace phantom::kernels {

enum class RowLoss : uint8_t { CrossEntropyLS, Poincare, MaxMargin, Logit };
enum class PointLoss : uint8_t { BCEWithLogits, MSE };

namespace cpu {
// Returns the mean loss over rows; dL_dz (nullable) receives d(mean)/dz. labels holds N values.
template <class T>
double row_loss(RowLoss kind, const T* z, const int64_t* labels, int64_t N, int64_t C, double param,
                T* dL_dz);
// Mean over n elements of loss(x, t); dL_dx / dL_dt (nullable) receive the mean's gradients.
template <class T>
double point_loss(PointLoss kind, const T* x, const T* t, int64_t n, T* dL_dx, T* dL_dt);
}  // namespace cpu

// The same kernels on the GPU; pointers (labels included) are device memory, the result is
// copied back to the host (a synchronisation).
namespace cuda {
template <class T>
double row_loss(RowLoss kind, const T* z, const int64_t* labels, int64_t N, int64_t C, double param,
                T* dL_dz);
template <class T>
double point_loss(PointLoss kind, const T* x, const T* t, int64_t n, T* dL_dx, T* dL_dt);
}  // namespace cuda

}  // namespace phantom::kernels
