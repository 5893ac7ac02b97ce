#include "engine/optim/optimizer.h"

#include <charconv>

#include "engine/autograd/node.h"

namespace phantom::optim {

namespace {
Tensor f64_scalar(double v) {
  return Tensor::scalar(v, DType::F64);
}

// Splits "state.<i>.<name>" into i and name; false for any other form.
bool parse_state_key(const std::string& key, size_t& index, std::string& name) {
  const std::string prefix = "state.";
  if (key.rfind(prefix, 0) != 0) return false;
  size_t dot = key.find('.', prefix.size());
  if (dot == std::string::npos || dot + 1 == key.size()) return false;
  const char* first = key.data() + prefix.size();
  const char* last = key.data() + dot;
  auto [end, err] = std::from_chars(first, last, index);
  if (err != std::errc() || end != last) return false;
  name = key.substr(dot + 1);
  return true;
}

std::string group_key(size_t g, const char* field) {
  return "param_groups." + std::to_string(g) + "." + field;
}
}  // namespace

Optimizer::Optimizer(std::vector<ParamGroup> groups, double default_lr,
                     double default_weight_decay) {
  PHANTOM_REQUIRE(!groups.empty(), "optimizer: no parameter groups given");
  size_t count = 0;
  for (ParamGroup& pg : groups) {
    Group g;
    g.params = std::move(pg.params);
    g.lr = g.initial_lr = pg.lr.value_or(default_lr);
    g.weight_decay = pg.weight_decay.value_or(default_weight_decay);
    PHANTOM_REQUIRE(g.lr >= 0, "optimizer: learning rate must be >= 0, found ", g.lr);
    PHANTOM_REQUIRE(g.weight_decay >= 0, "optimizer: weight decay must be >= 0, found ",
                    g.weight_decay);
    for (const Tensor& p : g.params)
      PHANTOM_REQUIRE(p.defined(), "optimizer: undefined parameter tensor");
    count += g.params.size();
    groups_.push_back(std::move(g));
  }
  state_.resize(count);
}

Tensor& Optimizer::buffer(ParamState& state, const std::string& name, const Tensor& param) {
  auto it = state.buffers.find(name);
  if (it == state.buffers.end())
    it = state.buffers.emplace(name, Tensor::zeros(param.shape(), param.dtype(), param.device()))
             .first;
  return it->second;
}

void Optimizer::step() {
  NoGradGuard no_grad;
  size_t index = 0;
  for (Group& g : groups_) {
    for (Tensor& p : g.params) {
      ParamState& s = state_[index++];
      Tensor grad = p.grad();
      if (!p.requires_grad() || !grad.defined()) continue;
      PHANTOM_REQUIRE(
          grad.shape() == p.shape() && grad.dtype() == p.dtype() && grad.device() == p.device(),
          "optimizer step: gradient ", grad.describe(), " does not match parameter ", p.describe());
      ++s.step;
      update(g, p, grad, s);
    }
  }
}

void Optimizer::zero_grad() {
  for (Group& g : groups_)
    for (Tensor& p : g.params) p.zero_grad();
}

std::map<std::string, Tensor> Optimizer::state_dict() const {
  std::map<std::string, Tensor> out;
  for (size_t g = 0; g < groups_.size(); ++g) {
    out.emplace(group_key(g, "lr"), f64_scalar(groups_[g].lr));
    out.emplace(group_key(g, "weight_decay"), f64_scalar(groups_[g].weight_decay));
    out.emplace(group_key(g, "initial_lr"), f64_scalar(groups_[g].initial_lr));
  }
  for (size_t i = 0; i < state_.size(); ++i) {
    if (state_[i].step == 0) continue;
    std::string prefix = "state." + std::to_string(i) + ".";
    out.emplace(prefix + "step", f64_scalar(static_cast<double>(state_[i].step)));
    for (const auto& [name, t] : state_[i].buffers) out.emplace(prefix + name, t.clone());
  }
  return out;
}

void Optimizer::load_state_dict(const std::map<std::string, Tensor>& state) {
  std::vector<const Tensor*> params;
  for (const Group& g : groups_)
    for (const Tensor& p : g.params) params.push_back(&p);

  std::vector<ParamState> loaded(params.size());
  for (const auto& [key, t] : state) {
    if (key.rfind("param_groups.", 0) == 0) continue;  // read below, group by group
    size_t i = 0;
    std::string name;
    PHANTOM_REQUIRE(parse_state_key(key, i, name), "optimizer load_state_dict: unexpected key '",
                    key, "'");
    PHANTOM_REQUIRE(i < params.size(), "optimizer load_state_dict: '", key, "' names parameter ", i,
                    " but the optimizer has ", params.size());
    const Tensor& p = *params[i];
    if (name == "step") {
      PHANTOM_REQUIRE(t.numel() == 1, "optimizer load_state_dict: '", key,
                      "' must be a scalar, found ", t.describe());
      loaded[i].step = static_cast<int64_t>(t.item());
      continue;
    }
    PHANTOM_REQUIRE(t.shape() == p.shape(), "optimizer load_state_dict: '", key, "' has shape ",
                    shape_str(t.shape()), " but parameter ", i, " has shape ",
                    shape_str(p.shape()));
    Tensor b = Tensor::empty(p.shape(), p.dtype(), p.device());
    b.copy_from(t.dtype() == p.dtype() ? t : t.to(Device::cpu()).to(p.dtype()));
    loaded[i].buffers.emplace(name, b);
  }
  std::vector<Group> groups = groups_;
  for (size_t g = 0; g < groups.size(); ++g) {
    auto read = [&](const char* field) {
      auto it = state.find(group_key(g, field));
      PHANTOM_REQUIRE(it != state.end(), "optimizer load_state_dict: missing key '",
                      group_key(g, field), "'");
      return it->second.item();
    };
    groups[g].lr = read("lr");
    groups[g].weight_decay = read("weight_decay");
    groups[g].initial_lr = read("initial_lr");
  }
  PHANTOM_REQUIRE(!state.count(group_key(groups.size(), "lr")),
                  "optimizer load_state_dict: the state has more than ", groups.size(),
                  " parameter groups");
  for (size_t i = 0; i < loaded.size(); ++i)
    PHANTOM_REQUIRE(loaded[i].step > 0 || loaded[i].buffers.empty(),
                    "optimizer load_state_dict: parameter ", i, " has buffers but no step count");
  groups_ = std::move(groups);
  state_ = std::move(loaded);
}

}  // namespace phantom::optim
