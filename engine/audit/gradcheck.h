// Finite-difference gradient checking in f64. The scalar probed is L = Σ r ⊙ f(inputs) with fixed
// random weights r, so every output element contributes with a distinct weight; the analytic
// gradient from the op's explicit backward is compared with central differences per input element.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/op_list.h"

namespace phantom {

struct GradcheckResult {
  double max_abs_error = 0;
  double max_rel_error = 0;  // |a - n| / max(1, |n|) — relative where gradients are large
  bool passed = false;
  std::string detail;  // where the worst mismatch was
};

struct GradcheckOptions {
  double eps = 1e-6;
  double tolerance = 1e-6;  // on max_rel_error
};

using OpUnderTest = std::function<Tensor(const std::vector<Tensor>&)>;

// `inputs` must be f64 CPU tensors; those with requires_grad are checked.
GradcheckResult gradcheck(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options = {});

// One named gradcheck of one op (an op usually has several: odd shapes, broadcasting, strides...).
struct GradcheckCase {
  Op op;
  std::string name;
  std::function<GradcheckResult()> run;
  // What `run` checks, for other suites that push the same inputs through the op (the CUDA parity
  // test): fresh f64 CPU inputs (those to check have requires_grad) and the op under test.
  std::function<std::vector<Tensor>()> make_inputs;
  OpUnderTest f;
};

// All cases for `op` (empty only for ops that are not differentiable). Defined in op_cases.cpp
// with a switch over Op, so a new op without cases fails to build.
std::vector<GradcheckCase> gradcheck_cases(Op op);

// Deterministic f64 test inputs: uniform in [lo, hi), from `seed`.
Tensor random_input(const Shape& shape, uint64_t seed, double lo = -1.0, double hi = 1.0,
                    bool requires_grad = true);

}  // namespace phantom
