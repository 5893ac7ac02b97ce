// Gradcheck cases grouped by op family; each family lives in engine/audit/cases_<family>.cpp next
// to nothing else, and returns the cases of the op it is asked for.
#pragma once
#include "engine/audit/gradcheck.h"

namespace phantom::audit {

std::vector<GradcheckCase> arithmetic_cases(Op op);  // Add Sub Mul Div Affine
std::vector<GradcheckCase> unary_cases(Op op);       // Exp ... Acosh, BiasAct
std::vector<GradcheckCase> reduction_cases(Op op);   // Sum Mean Max Norm
std::vector<GradcheckCase> linalg_cases(Op op);      // Matmul Linear
std::vector<GradcheckCase> conv_cases(Op op);        // Conv2d ConvTranspose2d
std::vector<GradcheckCase> batchnorm_cases(Op op);   // BatchNorm
std::vector<GradcheckCase> pool_cases(Op op);        // MaxPool2d AvgPool2d AdaptiveAvgPool2d
std::vector<GradcheckCase> shape_cases(Op op);       // Reshape Permute Concat Slice Pad Flip Gather
std::vector<GradcheckCase> softmax_cases(Op op);     // Softmax LogSoftmax
std::vector<GradcheckCase> dropout_cases(Op op);     // Dropout
std::vector<GradcheckCase> resample_cases(Op op);    // Upfirdn2d Resize
std::vector<GradcheckCase> loss_cases(
    Op op);  // CrossEntropyLS Poincare MaxMargin LogitLoss BCEWithLogits MSE

// Helper for case tables: a case that runs `f` on fresh inputs made by `make_inputs`.
GradcheckCase make_case(Op op, std::string name, std::function<std::vector<Tensor>()> make_inputs,
                        OpUnderTest f, GradcheckOptions options = {});

}  // namespace phantom::audit
