// Elementwise arithmetic with numpy broadcasting: add, sub, mul, div; and affine (alpha*x + beta),
// the scalar form of all four.
#pragma once
#include "engine/core/tensor.h"

namespace phantom {

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor affine(const Tensor& x, double alpha, double beta);

inline Tensor operator+(const Tensor& a, const Tensor& b) {
  return add(a, b);
}
inline Tensor operator-(const Tensor& a, const Tensor& b) {
  return sub(a, b);
}
inline Tensor operator*(const Tensor& a, const Tensor& b) {
  return mul(a, b);
}
inline Tensor operator/(const Tensor& a, const Tensor& b) {
  return div(a, b);
}
inline Tensor operator*(const Tensor& a, double s) {
  return affine(a, s, 0.0);
}
inline Tensor operator*(double s, const Tensor& a) {
  return affine(a, s, 0.0);
}
inline Tensor operator+(const Tensor& a, double s) {
  return affine(a, 1.0, s);
}
inline Tensor operator-(const Tensor& a, double s) {
  return affine(a, 1.0, -s);
}
inline Tensor operator-(const Tensor& a) {
  return affine(a, -1.0, 0.0);
}

}  // namespace phantom
