#include "engine/audit/families.h"
#include "engine/ops/dropout.h"

namespace phantom::audit {

std::vector<GradcheckCase> dropout_cases(Op op) {
  if (op != Op::Dropout) return {};
  // A fresh Generator per call: every finite-difference evaluation sees the same mask.
  auto with_p = [](double p) {
    return [p](const std::vector<Tensor>& in) {
      Generator gen(1234, 7);
      return dropout(in[0], p, true, gen);
    };
  };
  return {
      make_case(
          op, "p 0.3 on 3x7x5",
          [] {
            return std::vector{random_input({3, 7, 5}, 21)};
          },
          with_p(0.3)),
      make_case(
          op, "p 0.75 on 13", [] { return std::vector{random_input({13}, 22)}; }, with_p(0.75))};
}

}  // namespace phantom::audit
