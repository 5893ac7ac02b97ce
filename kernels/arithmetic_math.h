// Per-element formulas of the broadcasting binary ops and their partial derivatives.
#pragma once
#include "kernels/arithmetic.h"
#include "kernels/hd.h"

namespace phantom::kernels {

template <class T>
PHANTOM_HD T binary_apply(BinaryFn fn, T a, T b) {
  switch (fn) {
    case BinaryFn::Add:
      return a + b;
    case BinaryFn::Sub:
      return a - b;
    case BinaryFn::Mul:
      return a * b;
    case BinaryFn::Div:
      return a / b;
  }
  return T(0);
}

// d(a op b)/da and d(a op b)/db.
template <class T>
PHANTOM_HD T binary_da(BinaryFn fn, T a, T b) {
  switch (fn) {
    case BinaryFn::Add:
      return T(1);
    case BinaryFn::Sub:
      return T(1);
    case BinaryFn::Mul:
      return b;
    case BinaryFn::Div:
      return T(1) / b;
  }
  return T(0);
}

template <class T>
PHANTOM_HD T binary_db(BinaryFn fn, T a, T b) {
  switch (fn) {
    case BinaryFn::Add:
      return T(1);
    case BinaryFn::Sub:
      return T(-1);
    case BinaryFn::Mul:
      return a;
    case BinaryFn::Div:
      return -a / (b * b);
  }
  return T(0);
}

}  // namespace phantom::kernels
