// Per-row formulas of the classification losses (one row = one sample's logits z[0..C)), shared by
// the CPU and CUDA backends. Each returns the row's loss and writes dLoss/dz into dz.
#pragma once
#include <cmath>
#include <cstdint>

#include "kernels/hd.h"
#include "kernels/losses.h"

namespace phantom::kernels {

// Label-smoothing CE, any alpha <= 1: targets t = (1−α)·onehot(y) + α/C sum to 1 for every α, so
// dL/dz = softmax(z) − t (negative α included). Loss = −Σ t_k log p_k.
template <class T>
PHANTOM_HD double ce_ls_row(const T* z, int64_t C, int64_t y, double alpha, T* dz) {
  double m = z[0];
  for (int64_t k = 1; k < C; ++k) m = z[k] > m ? z[k] : m;
  double s = 0;
  for (int64_t k = 0; k < C; ++k) s += exp(z[k] - m);
  double lse = m + log(s), loss = 0;
  for (int64_t k = 0; k < C; ++k) {
    double t = alpha / C + (k == y ? 1.0 - alpha : 0.0);
    loss -= t * (z[k] - lse);
    if (dz) dz[k] = static_cast<T>(exp(z[k] - lse) - t);
  }
  return loss;
}

// Poincaré loss (Plug & Play Attacks): u = z/‖z‖₁, v = onehot·(1−ξ) (= clip(onehot − ξ, 0, 1)),
// δ = 2‖u−v‖² / ((1−‖u‖²)(1−‖v‖²)), loss = acosh(1 + δ). No clamp is added: 1−‖u‖² > 0 whenever
// two or more logits are non-zero, and 1−‖v‖² = ξ(2−ξ) is a constant.
template <class T>
PHANTOM_HD double poincare_row(const T* z, int64_t C, int64_t y, double xi, T* dz) {
  double l1 = 0;
  for (int64_t k = 0; k < C; ++k) l1 += z[k] < 0 ? -z[k] : z[k];
  double uu = 0, diff2 = 0;
  for (int64_t k = 0; k < C; ++k) {
    double u = z[k] / l1, v = k == y ? 1.0 - xi : 0.0;
    uu += u * u;
    diff2 += (u - v) * (u - v);
  }
  double vv = (1.0 - xi) * (1.0 - xi);
  double a = 1.0 - uu, b = 1.0 - vv;
  double delta = 2.0 * diff2 / (a * b);
  double loss = acosh(1.0 + delta);
  if (dz) {
    // dL/dδ = 1/sqrt(δ(δ+2)); dδ/du_k = (2/b)(2(u_k−v_k)/a + 2 diff2 u_k / a²); then through u =
    // z/‖z‖₁: dL/dz_j = (g_j − sign(z_j) Σ_k g_k u_k) / ‖z‖₁.
    double dl_ddelta = 1.0 / sqrt(delta * (delta + 2.0));
    double gu = 0;
    for (int64_t k = 0; k < C; ++k) {
      double u = z[k] / l1, v = k == y ? 1.0 - xi : 0.0;
      double g = dl_ddelta * (2.0 / b) * (2.0 * (u - v) / a + 2.0 * diff2 * u / (a * a));
      dz[k] = static_cast<T>(g);
      gu += g * u;
    }
    for (int64_t k = 0; k < C; ++k) {
      double sign = z[k] > 0 ? 1.0 : (z[k] < 0 ? -1.0 : 0.0);
      dz[k] = static_cast<T>((dz[k] - sign * gu) / l1);
    }
  }
  return loss;
}

// Max-margin: max_{k≠y} z_k − z_y (gradient +1 at the first largest other logit, −1 at y).
template <class T>
PHANTOM_HD double max_margin_row(const T* z, int64_t C, int64_t y, T* dz) {
  int64_t best = -1;
  for (int64_t k = 0; k < C; ++k)
    if (k != y && (best < 0 || z[k] > z[best])) best = k;
  if (dz) {
    for (int64_t k = 0; k < C; ++k) dz[k] = T(0);
    dz[y] = T(-1);
    if (best >= 0) dz[best] = T(1);
  }
  return (best >= 0 ? static_cast<double>(z[best]) : 0.0) - z[y];
}

// Binary cross-entropy with logits per element: softplus(x) − t·x, stable for large |x|.
// d/dx = σ(x) − t, d/dt = −x.
template <class T>
PHANTOM_HD double bce_logits_elem(T x, T t) {
  double ax = x < 0 ? -x : x;
  return (x > 0 ? x : 0) - static_cast<double>(x) * t + log1p(exp(-ax));
}
template <class T>
PHANTOM_HD double sigmoid_stable(T x) {
  return x >= 0 ? 1.0 / (1.0 + exp(-static_cast<double>(x)))
                : exp(static_cast<double>(x)) / (1.0 + exp(static_cast<double>(x)));
}

// Logit loss: −z_y (gradient −1 at y).
template <class T>
PHANTOM_HD double logit_row(const T* z, int64_t C, int64_t y, T* dz) {
  if (dz) {
    for (int64_t k = 0; k < C; ++k) dz[k] = T(0);
    dz[y] = T(-1);
  }
  return -static_cast<double>(z[y]);
}

// One row of any row loss, its gradient (nullable dz) divided by the N rows of the mean.
template <class T>
PHANTOM_HD double row_loss_apply(RowLoss kind, const T* z, int64_t C, int64_t y, double param,
                                 int64_t N, T* dz) {
  double l = 0;
  switch (kind) {
    case RowLoss::CrossEntropyLS:
      l = ce_ls_row(z, C, y, param, dz);
      break;
    case RowLoss::Poincare:
      l = poincare_row(z, C, y, param, dz);
      break;
    case RowLoss::MaxMargin:
      l = max_margin_row(z, C, y, dz);
      break;
    case RowLoss::Logit:
      l = logit_row(z, C, y, dz);
      break;
  }
  if (dz)
    for (int64_t k = 0; k < C; ++k) dz[k] = static_cast<T>(dz[k] / static_cast<double>(N));
  return l;
}

// One element of a pointwise loss; writes d(loss)/dx and d(loss)/dt (before the mean's 1/n).
template <class T>
PHANTOM_HD double point_loss_elem(PointLoss kind, T x, T t, double& dx, double& dt) {
  if (kind == PointLoss::BCEWithLogits) {
    dx = sigmoid_stable(x) - t;
    dt = -static_cast<double>(x);
    return bce_logits_elem(x, t);
  }
  double d = static_cast<double>(x) - t;
  dx = 2 * d;
  dt = -2 * d;
  return d * d;
}

}  // namespace phantom::kernels
