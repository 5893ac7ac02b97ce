// Row-wise classification losses over logits [N, C] (formulas in loss_math.h).
#pragma once
#include <cstdint>

namespace phantom::kernels::cpu {

enum class RowLoss : uint8_t { CrossEntropyLS, Poincare, MaxMargin, Logit };

// Returns the mean loss over rows; dL_dz (nullable) receives d(mean)/dz.
template <class T>
double row_loss(RowLoss kind, const T* z, const int64_t* labels, int64_t N, int64_t C, double param,
                T* dL_dz);

enum class PointLoss : uint8_t { BCEWithLogits, MSE };

// Mean over n elements of loss(x, t); dL_dx / dL_dt (nullable) receive the mean's gradients.
template <class T>
double point_loss(PointLoss kind, const T* x, const T* t, int64_t n, T* dL_dx, T* dL_dt);

}  // namespace phantom::kernels::cpu
