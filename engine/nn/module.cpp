#include "engine/nn/module.h"

#include <algorithm>

#include "engine/core/error.h"

namespace phantom::nn {

namespace {
std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}
}  // namespace

void Module::check_new_name(const std::string& name) {
  PHANTOM_CHECK(!name.empty() && name.find('.') == std::string::npos, "bad module entry name '",
                name, "'");
  PHANTOM_CHECK(std::find(names_.begin(), names_.end(), name) == names_.end(), "name '", name,
                "' registered twice");
  names_.push_back(name);
}

void Module::register_parameter(const std::string& name, Tensor* slot) {
  check_new_name(name);
  PHANTOM_CHECK(slot && slot->defined(), "parameter '", name, "' is undefined");
  slot->set_requires_grad(true);
  parameters_.push_back({name, slot});
}

void Module::register_buffer(const std::string& name, Tensor* slot) {
  check_new_name(name);
  PHANTOM_CHECK(slot && slot->defined(), "buffer '", name, "' is undefined");
  buffers_.push_back({name, slot});
}

void Module::collect(const std::string& prefix, bool parameters, bool buffers,
                     NamedSlots& out) const {
  if (parameters)
    for (const Slot& s : parameters_) out.emplace_back(prefix + s.name, s.tensor);
  if (buffers)
    for (const Slot& s : buffers_) out.emplace_back(prefix + s.name, s.tensor);
  for (const auto& [name, child] : children_)
    child->collect(prefix + name + ".", parameters, buffers, out);
}

Module::NamedSlots Module::all_slots(bool parameters, bool buffers) const {
  NamedSlots out;
  collect("", parameters, buffers, out);
  return out;
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (const auto& [name, slot] : all_slots(true, false)) out.push_back(*slot);
  return out;
}

NamedTensors Module::named_parameters() const {
  NamedTensors out;
  for (const auto& [name, slot] : all_slots(true, false)) out.emplace_back(name, *slot);
  return out;
}

NamedTensors Module::named_buffers() const {
  NamedTensors out;
  for (const auto& [name, slot] : all_slots(false, true)) out.emplace_back(name, *slot);
  return out;
}

std::map<std::string, Tensor> Module::state_dict() const {
  std::map<std::string, Tensor> out;
  for (const auto& [name, slot] : all_slots(true, true)) out.emplace(name, slot->detach());
  return out;
}

void Module::load_state_dict(const std::map<std::string, Tensor>& state, bool strict) {
  NamedSlots slots = all_slots(true, true);
  std::vector<std::string> missing, unexpected;
  std::map<std::string, Tensor*> own;
  for (const auto& [name, slot] : slots) {
    own.emplace(name, slot);
    auto it = state.find(name);
    if (it == state.end()) {
      missing.push_back(name);
      continue;
    }
    PHANTOM_REQUIRE(it->second.shape() == slot->shape(), "load_state_dict: '", name, "' has shape ",
                    shape_str(it->second.shape()), " in the state dict but ",
                    shape_str(slot->shape()), " in the module");
  }
  for (const auto& [name, t] : state)
    if (!own.count(name)) unexpected.push_back(name);
  if (strict) {
    PHANTOM_REQUIRE(missing.empty(), "load_state_dict: missing key", missing.size() > 1 ? "s" : "",
                    " in the state dict: ", join(missing));
    PHANTOM_REQUIRE(unexpected.empty(), "load_state_dict: unexpected key",
                    unexpected.size() > 1 ? "s" : "", " in the state dict: ", join(unexpected));
  }
  for (const auto& [name, slot] : slots) {
    auto it = state.find(name);
    if (it == state.end()) continue;
    Tensor src = it->second.dtype() == slot->dtype()
                     ? it->second
                     : it->second.to(Device::cpu()).to(slot->dtype());
    slot->copy_from(src);
  }
}

void Module::load_state_dict_from(const std::map<std::string, Tensor>& state,
                                  const std::string& source) {
  try {
    load_state_dict(state);
  } catch (const UserError& e) {
    throw UserError(detail::concat(source, ": ", e.what()));
  }
}

void Module::train(bool on) {
  training_ = on;
  for (const auto& [name, child] : children_) child->train(on);
}

// Replaces every parameter and buffer by convert(it) unless it is already `same`; parameters keep
// their requires_grad flag.
namespace {
using Slots = std::vector<std::pair<std::string, Tensor*>>;
template <class Target>
void convert_all(const Slots& params, const Slots& buffers, Target target,
                 bool (*same)(const Tensor&, Target)) {
  for (const auto& [name, slot] : params) {
    if (same(*slot, target)) continue;
    Tensor converted = slot->to(target);
    converted.set_requires_grad(slot->requires_grad());
    *slot = converted;
  }
  for (const auto& [name, slot] : buffers) *slot = slot->to(target);
}
}  // namespace

void Module::to(Device device) {
  convert_all(
      all_slots(true, false), all_slots(false, true), device,
      +[](const Tensor& t, Device d) { return t.device() == d; });
}

void Module::to(DType dtype) {
  convert_all(
      all_slots(true, false), all_slots(false, true), dtype,
      +[](const Tensor& t, DType d) { return t.dtype() == d; });
}

Device Module::device() const {
  const NamedSlots params = all_slots(true, false);
  return params.empty() ? Device::cpu() : params.front().second->device();
}

void Module::zero_grad() {
  for (const auto& [name, slot] : all_slots(true, false)) slot->zero_grad();
}

}  // namespace phantom::nn
