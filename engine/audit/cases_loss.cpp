#include "engine/audit/families.h"
#include "engine/ops/losses.h"

namespace phantom::audit {

std::vector<GradcheckCase> loss_cases(Op op) {
  const std::vector<int64_t> labels{2, 0, 4, 1};
  auto logits = [] { return std::vector{random_input({4, 5}, 41, -2, 2)}; };
  auto rows = [&](std::function<Tensor(const Tensor&)> f) -> OpUnderTest {
    return [f](const std::vector<Tensor>& v) { return f(v[0]); };
  };
  auto pair = [](const std::vector<Tensor>& v) { return std::pair{v[0], v[1]}; };
  switch (op) {
    case Op::CrossEntropyLS: {
      std::vector<GradcheckCase> cases;
      for (double a : {-0.5, -0.05, 0.0, 0.1, 0.9})
        cases.push_back(
            make_case(op, "alpha " + std::to_string(a), logits,
                      rows([=](const Tensor& z) { return cross_entropy_ls(z, labels, a); })));
      return cases;
    }
    case Op::Poincare:
      // xi = 0.1 keeps the finite differences well conditioned; the formula is the same for 1e-4.
      return {make_case(op, "xi 0.1", logits,
                        rows([=](const Tensor& z) { return poincare_loss(z, labels, 0.1); })),
              make_case(op, "xi 1e-4 (loose eps)", logits,
                        rows([=](const Tensor& z) { return poincare_loss(z, labels, 1e-4); }),
                        {1e-7, 1e-5})};
    case Op::MaxMargin:
      return {make_case(op, "4x5", logits,
                        rows([=](const Tensor& z) { return max_margin_loss(z, labels); }))};
    case Op::LogitLoss:
      return {make_case(op, "4x5", logits,
                        rows([=](const Tensor& z) { return logit_loss(z, labels); }))};
    case Op::BCEWithLogits:
      return {make_case(
          op, "logits and soft targets",
          [] {
            return std::vector{random_input({3, 4}, 42, -4, 4), random_input({3, 4}, 43, 0, 1)};
          },
          [=](const std::vector<Tensor>& v) {
            auto [x, t] = pair(v);
            return bce_with_logits(x, t);
          })};
    case Op::MSE:
      return {make_case(
          op, "3x4",
          [] {
            return std::vector{random_input({3, 4}, 44), random_input({3, 4}, 45)};
          },
          [=](const std::vector<Tensor>& v) {
            auto [x, t] = pair(v);
            return mse_loss(x, t);
          })};
    default:
      return {};
  }
}

}  // namespace phantom::audit
