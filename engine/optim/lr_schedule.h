// Learning-rate schedules as closed forms of the epoch, with PyTorch's values: after k calls of
// a torch scheduler's step(), its lr equals lr(base_lr, k) here. Being stateless in the epoch,
// a resumed run only needs the epoch number.
#pragma once
#include <vector>

#include "engine/optim/optimizer.h"

namespace phantom::optim {

class LRSchedule {
 public:
  virtual ~LRSchedule() = default;
  virtual double lr(double base_lr, int64_t epoch) const = 0;
  // Sets every group's lr to lr(group.initial_lr, epoch).
  void apply(Optimizer& optimizer, int64_t epoch) const;
};

// torch.optim.lr_scheduler.MultiStepLR: base · gamma^(number of milestones <= epoch).
class MultiStepLR final : public LRSchedule {
 public:
  MultiStepLR(std::vector<int64_t> milestones, double gamma = 0.1);
  double lr(double base_lr, int64_t epoch) const override;

 private:
  std::vector<int64_t> milestones_;  // sorted; a repeated milestone decays twice, as in PyTorch
  double gamma_;
};

// torch.optim.lr_scheduler.CosineAnnealingLR:
// eta_min + (base − eta_min) · (1 + cos(π · epoch / T_max)) / 2.
class CosineAnnealingLR final : public LRSchedule {
 public:
  explicit CosineAnnealingLR(int64_t t_max, double eta_min = 0);
  double lr(double base_lr, int64_t epoch) const override;

 private:
  int64_t t_max_;
  double eta_min_;
};

}  // namespace phantom::optim
