// The compiler-checked list of ops. Every op has an enum value here; code that must cover every op
// (the gradcheck registry, the CUDA twin table, the trace names) switches over Op without a
// `default:`, so with -Werror=switch adding an op here without its cases fails to build.
#pragma once
#include <cstddef>

namespace phantom {

// X(Name, differentiable)
#define PHANTOM_OP_LIST(X)                                                                       \
  X(Add, true)                                                                                   \
  X(Sub, true) X(Mul, true) X(Div, true) X(Affine, true) X(Exp, true) X(Log, true) X(Sqrt, true) \
      X(Pow, true) X(Abs, true) X(Clamp, true) X(Relu, true) X(LeakyRelu, true) X(BiasAct, true) \
          X(Sigmoid, true) X(Tanh, true) X(Softplus, true) X(Acosh, true) X(Sum, true)           \
              X(Mean, true) X(Max, true) X(Norm, true) X(Matmul, true) X(Linear, true)           \
                  X(Conv2d, true) X(ConvTranspose2d, true) X(BatchNorm, true) X(MaxPool2d, true) \
                      X(AvgPool2d, true) X(AdaptiveAvgPool2d, true) X(Reshape, true)             \
                          X(Permute, true) X(Concat, true) X(Slice, true) X(Pad, true)           \
                              X(Flip, true) X(Gather, true) X(OneHot, false) X(Softmax, true)    \
                                  X(LogSoftmax, true) X(Dropout, true) X(Upfirdn2d, true)        \
                                      X(Resize, true) X(CrossEntropyLS, true) X(Poincare, true)  \
                                          X(MaxMargin, true) X(LogitLoss, true)                  \
                                              X(BCEWithLogits, true) X(MSE, true)

enum class Op {
#define PHANTOM_OP_ENUM(name, diff) name,
  PHANTOM_OP_LIST(PHANTOM_OP_ENUM)
#undef PHANTOM_OP_ENUM
};

inline constexpr size_t kOpCount = 0
#define PHANTOM_OP_COUNT(name, diff) +1
    PHANTOM_OP_LIST(PHANTOM_OP_COUNT)
#undef PHANTOM_OP_COUNT
    ;

inline const char* op_name(Op op) {
  switch (op) {
#define PHANTOM_OP_NAME(name, diff) \
  case Op::name:                    \
    return #name;
    PHANTOM_OP_LIST(PHANTOM_OP_NAME)
#undef PHANTOM_OP_NAME
  }
  return "?";
}

inline bool op_differentiable(Op op) {
  switch (op) {
#define PHANTOM_OP_DIFF(name, diff) \
  case Op::name:                    \
    return diff;
    PHANTOM_OP_LIST(PHANTOM_OP_DIFF)
#undef PHANTOM_OP_DIFF
  }
  return false;
}

}  // namespace phantom
