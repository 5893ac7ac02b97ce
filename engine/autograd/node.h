// A node of the autograd tape: one recorded op application. It keeps its inputs (so the graph
// stays alive) and whatever the forward saved for backward, in the concrete subclass's fields.
#pragma once
#include <memory>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/op_list.h"

namespace phantom {

class Node {
 public:
  explicit Node(Op op) : op_(op) {}
  virtual ~Node() = default;

  // Given dL/d(output), returns dL/d(input i) for each input, in order. An entry may be left
  // undefined where `needs_grad(i)` is false.
  virtual std::vector<Tensor> backward(const Tensor& dL_dy) = 0;

  Op op() const { return op_; }
  const std::vector<Tensor>& inputs() const { return inputs_; }
  bool needs_grad(size_t i) const { return inputs_[i].defined() && inputs_[i].requires_grad(); }
  void set_inputs(std::vector<Tensor> inputs) { inputs_ = std::move(inputs); }

 private:
  Op op_;
  std::vector<Tensor> inputs_;
};

// Gradient recording is on by default; NoGradGuard turns it off for its scope (per thread).
bool grad_enabled();
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// True when an op on `inputs` must be recorded.
bool any_requires_grad(const std::vector<Tensor>& inputs);

// Records op node N (constructed from args) as the producer of `out` if grad mode is on and any
// input requires grad. Returns the node so the op can save what backward needs, or nullptr.
template <class N, class... Args>
N* record(Tensor& out, std::vector<Tensor> inputs, Args&&... args) {
  if (!grad_enabled() || !any_requires_grad(inputs)) return nullptr;
  auto node = std::make_shared<N>(std::forward<Args>(args)...);
  node->set_inputs(std::move(inputs));
  out.impl().grad_fn = node;
  out.impl().requires_grad = true;
  return node.get();
}

}  // namespace phantom
