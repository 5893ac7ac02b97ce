// Module: a node of a model tree with named parameters, buffers and child modules, named the way
// PyTorch names state-dict entries ("layer1.0.conv1.weight", "bn1.running_mean"), so weights move
// between phantom and torchvision unchanged.
//
// A module registers pointers to its own Tensor members, so the members stay the one place the
// forward reads; a Module therefore never moves or copies (children are held by shared_ptr).
// Integer buffers (BatchNorm's num_batches_tracked, int64 in PyTorch) are f32 scalar tensors
// here: exact for counts below 2^24, and safetensors loading converts I64 on the way in.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::nn {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

class Module {
 public:
  Module() = default;
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  virtual Tensor forward(const Tensor& x) = 0;
  Tensor operator()(const Tensor& x) { return forward(x); }

  // In registration order, own entries first, then each child's under "<child>." (as PyTorch).
  std::vector<Tensor> parameters() const;
  NamedTensors named_parameters() const;
  NamedTensors named_buffers() const;
  const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& named_children() const {
    return children_;
  }

  // Parameters and buffers by full name. The tensors share storage with the module (as in
  // PyTorch): clone them to keep a snapshot while training goes on.
  std::map<std::string, Tensor> state_dict() const;
  // Copies values in (converting dtype and device). Any shape mismatch is an error; with `strict`,
  // so are keys the module lacks or the map lacks. Nothing is written unless every check passes.
  void load_state_dict(const std::map<std::string, Tensor>& state, bool strict = true);
  // Strict load_state_dict whose errors begin with `source` (the file the state came from), so a
  // user reads which file holds the missing, unexpected or misshapen tensor.
  void load_state_dict_from(const std::map<std::string, Tensor>& state, const std::string& source);

  void train(bool on = true);  // recursive, like PyTorch
  void eval() { train(false); }
  bool is_training() const { return training_; }
  // Moves every parameter and buffer. Parameters are new tensors afterwards: build optimizers
  // after moving the model.
  void to(Device device);
  // Converts every parameter and buffer (f64 for finite-difference checks of whole models).
  // Parameters are new tensors afterwards: build optimizers after converting.
  void to(DType dtype);
  Device device() const;  // where the parameters are (the CPU for a module without any)
  void zero_grad();       // drops the gradients (PyTorch's set_to_none)

 protected:
  // `slot` is a member of the registering module; parameters are made to require grad.
  void register_parameter(const std::string& name, Tensor* slot);
  void register_buffer(const std::string& name, Tensor* slot);
  template <class M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> child) {
    check_new_name(name);
    children_.emplace_back(name, child);
    return child;
  }

 private:
  struct Slot {
    std::string name;
    Tensor* tensor;
  };
  using NamedSlots = std::vector<std::pair<std::string, Tensor*>>;
  void check_new_name(const std::string& name);  // and records it
  // Full names and slots of this module and its descendants.
  void collect(const std::string& prefix, bool parameters, bool buffers, NamedSlots& out) const;
  NamedSlots all_slots(bool parameters, bool buffers) const;

  std::vector<Slot> parameters_;
  std::vector<Slot> buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  std::vector<std::string> names_;  // every entry name, to catch duplicates
  bool training_ = true;
};

}  // namespace phantom::nn
