#include "engine/ops/cuda_twins.h"

namespace phantom {

const char* cuda_kernel_source(Op op) {
  switch (op) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Affine:
      return "kernels/cuda/arithmetic.cu";
    case Op::Exp:
    case Op::Log:
    case Op::Sqrt:
    case Op::Pow:
    case Op::Abs:
    case Op::Clamp:
    case Op::Relu:
    case Op::LeakyRelu:
    case Op::BiasAct:
    case Op::Sigmoid:
    case Op::Tanh:
    case Op::Softplus:
    case Op::Acosh:
      return "kernels/cuda/unary.cu";
    case Op::Sum:
    case Op::Mean:
    case Op::Max:
    case Op::Norm:
      return "kernels/cuda/reduce.cu";
    case Op::Matmul:
    case Op::Linear:
      return "kernels/cuda/gemm.cu";
    case Op::Conv2d:
    case Op::ConvTranspose2d:
      return "kernels/cuda/conv2d.cu";
    case Op::BatchNorm:
      return "kernels/cuda/batchnorm.cu";
    case Op::MaxPool2d:
    case Op::AvgPool2d:
    case Op::AdaptiveAvgPool2d:
      return "kernels/cuda/pool.cu";
    case Op::Reshape:  // a view: no kernel, its backward is a view too
    case Op::Permute:
    case Op::Concat:
    case Op::Slice:
    case Op::Pad:
    case Op::Flip:
    case Op::Gather:
      return "kernels/cuda/shape_ops.cu";
    case Op::OneHot:  // built on the host, moved with Tensor::to
      return "kernels/cuda/runtime.cu";
    case Op::Softmax:
    case Op::LogSoftmax:
      return "kernels/cuda/softmax.cu";
    case Op::Dropout:
      return "kernels/cuda/dropout.cu";
    case Op::Upfirdn2d:
      return "kernels/cuda/upfirdn2d.cu";
    case Op::Resize:
      return "kernels/cuda/resize.cu";
    case Op::CrossEntropyLS:
    case Op::Poincare:
    case Op::MaxMargin:
    case Op::LogitLoss:
    case Op::BCEWithLogits:
    case Op::MSE:
      return "kernels/cuda/losses.cu";
  }
  return "?";
}

}  // namespace phantom
