#include "engine/optim/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace phantom::optim {

void LRSchedule::apply(Optimizer& optimizer, int64_t epoch) const {
  for (Group& g : optimizer.param_groups()) g.lr = lr(g.initial_lr, epoch);
}

MultiStepLR::MultiStepLR(std::vector<int64_t> milestones, double gamma)
    : milestones_(std::move(milestones)), gamma_(gamma) {
  std::sort(milestones_.begin(), milestones_.end());
}

double MultiStepLR::lr(double base_lr, int64_t epoch) const {
  auto passed =
      std::upper_bound(milestones_.begin(), milestones_.end(), epoch) - milestones_.begin();
  return base_lr * std::pow(gamma_, static_cast<double>(passed));
}

CosineAnnealingLR::CosineAnnealingLR(int64_t t_max, double eta_min)
    : t_max_(t_max), eta_min_(eta_min) {
  PHANTOM_REQUIRE(t_max > 0, "CosineAnnealingLR: T_max must be positive, found ", t_max);
}

double CosineAnnealingLR::lr(double base_lr, int64_t epoch) const {
  double phase = std::numbers::pi * static_cast<double>(epoch) / static_cast<double>(t_max_);
  return eta_min_ + (base_lr - eta_min_) * (1 + std::cos(phase)) / 2;
}

}  // namespace phantom::optim
