#include "attacks/ppa/attack_loss.h"

#include "engine/core/error.h"
#include "engine/ops/losses.h"

namespace phantom::attacks {

namespace {

struct LossName {
  AttackLoss kind;
  const char* name;
};
constexpr LossName kLossNames[] = {{AttackLoss::Poincare, "poincare"},
                                   {AttackLoss::CrossEntropy, "ce"},
                                   {AttackLoss::MaxMargin, "max-margin"},
                                   {AttackLoss::Logit, "logit"}};

}  // namespace

AttackLoss parse_attack_loss(const std::string& name) {
  for (const LossName& l : kLossNames)
    if (name == l.name) return l.kind;
  PHANTOM_REQUIRE(false, "attack loss: expected poincare, ce, max-margin or logit, found '", name,
                  "'");
  return AttackLoss::Poincare;
}

std::string attack_loss_name(AttackLoss loss) {
  for (const LossName& l : kLossNames)
    if (loss == l.kind) return l.name;
  PHANTOM_CHECK(false, "unnamed attack loss");
  return "";
}

Tensor attack_loss(AttackLoss kind, const Tensor& logits, const std::vector<int64_t>& classes) {
  switch (kind) {
    case AttackLoss::Poincare:
      return poincare_loss(logits, classes);
    case AttackLoss::CrossEntropy:
      return cross_entropy_ls(logits, classes, 0.0);
    case AttackLoss::MaxMargin:
      return max_margin_loss(logits, classes);
    case AttackLoss::Logit:
      return logit_loss(logits, classes);
  }
  PHANTOM_CHECK(false, "unhandled attack loss");
  return {};
}

}  // namespace phantom::attacks
