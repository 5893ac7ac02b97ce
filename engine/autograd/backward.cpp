#include "engine/autograd/backward.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"

namespace phantom {

namespace {

bool trace_enabled() {
  const char* v = std::getenv("PHANTOM_TRACE_BACKWARD");
  return v && *v && std::string(v) != "0";
}

double l2_norm(const Tensor& t) {
  double s = 0;
  for (double v : t.to_vector()) s += v * v;
  return std::sqrt(s);
}

// Tensors reachable from root through grad_fn edges, ordered so each comes before its inputs.
std::vector<TensorImpl*> topological_order(const Tensor& root) {
  std::vector<TensorImpl*> post;
  std::unordered_set<TensorImpl*> seen;
  struct Frame {
    TensorImpl* t;
    size_t next_input;
  };
  std::vector<Frame> stack{{root.impl_ptr().get(), 0}};
  seen.insert(root.impl_ptr().get());
  while (!stack.empty()) {
    Frame& f = stack.back();
    const auto& fn = f.t->grad_fn;
    if (fn && f.next_input < fn->inputs().size()) {
      const Tensor& in = fn->inputs()[f.next_input++];
      if (in.defined() && in.requires_grad() && seen.insert(in.impl_ptr().get()).second)
        stack.push_back({in.impl_ptr().get(), 0});
      continue;
    }
    post.push_back(f.t);
    stack.pop_back();
  }
  return {post.rbegin(), post.rend()};
}

}  // namespace

void run_backward(const Tensor& root, const Tensor& dL_droot) {
  PHANTOM_REQUIRE(root.requires_grad(),
                  "backward(): the tensor does not require grad (no op on its path "
                  "had an input with requires_grad)");
  PHANTOM_REQUIRE(dL_droot.shape() == root.shape(), "backward(): gradient ", dL_droot.describe(),
                  " does not match tensor ", root.describe());
  NoGradGuard no_grad;  // backward is not itself recorded (no general double-backward)
  const bool trace = trace_enabled();
  std::unordered_map<TensorImpl*, Tensor> grads{{root.impl_ptr().get(), dL_droot}};
  size_t step = 0;
  for (TensorImpl* t : topological_order(root)) {
    auto it = grads.find(t);
    if (it == grads.end()) continue;
    Tensor g = it->second;
    grads.erase(it);
    for (const TensorHook& hook : t->hooks) g = hook(g);
    if (!t->grad_fn) {
      if (!t->requires_grad) continue;
      t->grad = t->grad ? add(Tensor(t->grad), g).impl_ptr() : g.clone().impl_ptr();
      continue;
    }
    Node& node = *t->grad_fn;
    std::vector<Tensor> in_grads = node.backward(g);
    PHANTOM_CHECK(in_grads.size() == node.inputs().size(), op_name(node.op()),
                  " backward returned ", in_grads.size(), " gradients for ", node.inputs().size(),
                  " inputs");
    if (trace) {
      std::fprintf(stderr, "[backward %3zu] %-16s dL_dy %s |%.6g|", step, op_name(node.op()),
                   shape_str(g.shape()).c_str(), l2_norm(g));
      for (size_t i = 0; i < in_grads.size(); ++i)
        if (in_grads[i].defined())
          std::fprintf(stderr, "  dL_dx%zu %s |%.6g|", i, shape_str(in_grads[i].shape()).c_str(),
                       l2_norm(in_grads[i]));
      std::fprintf(stderr, "\n");
    }
    ++step;
    for (size_t i = 0; i < in_grads.size(); ++i) {
      if (!node.needs_grad(i) || !in_grads[i].defined()) continue;
      const Tensor& in = node.inputs()[i];
      PHANTOM_CHECK(in_grads[i].shape() == in.shape(), op_name(node.op()), " gradient ",
                    in_grads[i].describe(), " for input ", in.describe());
      TensorImpl* key = in.impl_ptr().get();
      auto [slot, fresh] = grads.try_emplace(key, in_grads[i]);
      if (!fresh) slot->second = add(slot->second, in_grads[i]);
    }
  }
}

void retain_grad(Tensor& t) {
  TensorImpl* impl = &t.impl();
  t.register_hook([impl](const Tensor& g) {
    impl->grad = impl->grad ? add(Tensor(impl->grad), g).impl_ptr() : g.clone().impl_ptr();
    return g;
  });
}

}  // namespace phantom
