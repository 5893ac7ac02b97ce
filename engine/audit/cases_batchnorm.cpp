#include "engine/audit/families.h"
#include "engine/ops/batchnorm.h"

namespace phantom::audit {

namespace {
// Inputs: x, weight, bias. Running statistics are fresh per call (not probed): in training they
// are only written, in eval they are constants of the affine map.
GradcheckCase bn_case(std::string name, Shape x_shape, bool training, bool affine) {
  int64_t c = x_shape[1];
  auto make = [=] {
    std::vector<Tensor> in{random_input(x_shape, 11, -2.0, 2.0)};
    if (affine) {
      in.push_back(random_input({c}, 12, 0.5, 1.5));
      in.push_back(random_input({c}, 13));
    }
    return in;
  };
  auto run = [=](const std::vector<Tensor>& in) {
    Tensor running_mean = random_input({c}, 14, -0.5, 0.5, false);
    Tensor running_var = random_input({c}, 15, 0.5, 2.0, false);
    Tensor w = affine ? in[1] : Tensor(), b = affine ? in[2] : Tensor();
    return batch_norm(in[0], w, b, running_mean, running_var, training, 0.1, 1e-5);
  };
  return make_case(Op::BatchNorm, std::move(name), make, run);
}
}  // namespace

std::vector<GradcheckCase> batchnorm_cases(Op op) {
  if (op != Op::BatchNorm) return {};
  return {
      bn_case("train [5, 3]", {5, 3}, true, true),
      bn_case("train [3, 2, 3, 5]", {3, 2, 3, 5}, true, true),
      bn_case("train [2, 3, 1, 3] no affine", {2, 3, 1, 3}, true, false),
      bn_case("eval [3, 2, 3, 5]", {3, 2, 3, 5}, false, true),
      bn_case("eval [4, 3]", {4, 3}, false, true),
  };
}

}  // namespace phantom::audit
