#include "engine/ops/dropout.h"

#include "engine/autograd/node.h"
#include "engine/ops/detail/dispatch.h"
#include "kernels/dropout.h"

namespace phantom {

namespace {

Tensor apply_mask(const kernels::DropoutMask& mask, const Tensor& in) {
  Tensor out = Tensor::empty(in.shape(), in.dtype(), in.device());
  detail::dispatch("Dropout", in, [&]<class T, detail::Backend B>() {
    PHANTOM_KERNEL(B, dropout_apply<T>(mask, in.data<T>(), out.data<T>(), in.numel()));
  });
  return out;
}

// Keeps only the Philox coordinates of the mask, not the mask: backward regenerates it.
struct DropoutBackward final : Node {
  DropoutBackward() : Node(Op::Dropout) {}
  kernels::DropoutMask mask;
  std::vector<Tensor> backward(const Tensor& dL_dy) override { return {apply_mask(mask, dL_dy)}; }
};

}  // namespace

Tensor dropout(const Tensor& x, double p, bool training, Generator& gen) {
  PHANTOM_REQUIRE(p >= 0.0 && p < 1.0, "dropout: p must be in [0, 1), found ", p);
  if (!training) return x;
  kernels::DropoutMask mask{gen.seed(), gen.stream(), gen.offset(), p};
  // One Philox block per element, as Generator::uniform would take.
  gen.set_offset(gen.offset() + static_cast<uint64_t>(x.numel()));
  Tensor y = apply_mask(mask, x);
  if (auto* node = record<DropoutBackward>(y, {x})) node->mask = mask;
  return y;
}

}  // namespace phantom
