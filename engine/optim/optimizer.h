// Optimizer base: parameter groups (each with its own lr and weight decay), per-parameter state
// (a step count and named buffers such as momentum_buffer, exp_avg, exp_avg_sq) and that state as
// named tensors for checkpoints, so a resumed run continues bit-identically.
//
// A parameter is updated only when it requires grad and has a gradient; others (frozen layers,
// parameters the loss did not reach) are left untouched, state included.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::optim {

// What the user passes: unset lr / weight_decay take the optimizer's defaults.
struct ParamGroup {
  std::vector<Tensor> params;
  std::optional<double> lr = {};
  std::optional<double> weight_decay = {};
};

// A group as the optimizer holds it. `lr` is what schedules change; `initial_lr` is their base.
struct Group {
  std::vector<Tensor> params;
  double lr = 0;
  double weight_decay = 0;
  double initial_lr = 0;
};

struct ParamState {
  int64_t step = 0;                       // updates applied to this parameter so far
  std::map<std::string, Tensor> buffers;  // each shaped like the parameter, on its device
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  void step();
  void zero_grad();  // drops the gradients (PyTorch's set_to_none)
  std::vector<Group>& param_groups() { return groups_; }
  const std::vector<Group>& param_groups() const { return groups_; }

  // Copies of the state, named as in PyTorch's optimizer state_dict with parameters numbered
  // across groups in order: "state.<i>.step" (f64 scalar), "state.<i>.<buffer>", and
  // "param_groups.<g>.lr" / ".weight_decay" / ".initial_lr" (f64 scalars).
  std::map<std::string, Tensor> state_dict() const;
  // Replaces all state; every key and shape is checked before anything changes.
  void load_state_dict(const std::map<std::string, Tensor>& state);

 protected:
  Optimizer(std::vector<ParamGroup> groups, double default_lr, double default_weight_decay);
  // Applies one update to `param` given its gradient; `state.step` already counts this update.
  virtual void update(const Group& group, const Tensor& param, const Tensor& grad,
                      ParamState& state) = 0;
  // A zero buffer shaped like `param` (for lazily created state).
  static Tensor& buffer(ParamState& state, const std::string& name, const Tensor& param);

 private:
  std::vector<Group> groups_;
  std::vector<ParamState> state_;  // one per parameter, numbered across groups
};

}  // namespace phantom::optim
