// The one switch that maps every op to its gradcheck family. No `default:`: with -Werror=switch a
// new op in op_list.h does not build until it is listed here.
#include "engine/audit/families.h"

namespace phantom {

std::vector<GradcheckCase> gradcheck_cases(Op op) {
  using namespace audit;
  switch (op) {
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div:
    case Op::Affine:
      return arithmetic_cases(op);
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
      return unary_cases(op);
    case Op::Sum:
    case Op::Mean:
    case Op::Max:
    case Op::Norm:
      return reduction_cases(op);
    case Op::Matmul:
    case Op::Linear:
      return linalg_cases(op);
    case Op::Conv2d:
    case Op::ConvTranspose2d:
      return conv_cases(op);
    case Op::BatchNorm:
      return batchnorm_cases(op);
    case Op::MaxPool2d:
    case Op::AvgPool2d:
    case Op::AdaptiveAvgPool2d:
      return pool_cases(op);
    case Op::Reshape:
    case Op::Permute:
    case Op::Concat:
    case Op::Slice:
    case Op::Pad:
    case Op::Flip:
    case Op::Gather:
      return shape_cases(op);
    case Op::OneHot:
      return {};  // not differentiable: integer labels in, constants out
    case Op::Softmax:
    case Op::LogSoftmax:
      return softmax_cases(op);
    case Op::Dropout:
      return dropout_cases(op);
    case Op::Upfirdn2d:
    case Op::Resize:
      return resample_cases(op);
    case Op::CrossEntropyLS:
    case Op::Poincare:
    case Op::MaxMargin:
    case Op::LogitLoss:
    case Op::BCEWithLogits:
    case Op::MSE:
      return loss_cases(op);
  }
  return {};
}

namespace audit {

GradcheckCase make_case(Op op, std::string name, std::function<std::vector<Tensor>()> make_inputs,
                        OpUnderTest f, GradcheckOptions options) {
  return {op, std::move(name), [=] { return gradcheck(f, make_inputs(), options); }, make_inputs,
          f};
}

}  // namespace audit
}  // namespace phantom
