// CUDA against CPU for every op, forward and backward, f32 on both devices: the audit's gradcheck
// cases (odd shapes, broadcasting, strides, overlapping windows) supply inputs and the op, so a new
// op gets a parity test with its gradcheck. Every case is skipped without a CUDA device.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/audit/gradcheck.h"
#include "engine/core/random.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/reduction.h"
#include "engine/ops/shape_ops.h"
#include "tests/cuda_device.h"
#include "tests/cuda_parity_compare.h"

using namespace phantom;
using test::expect_close;

namespace {

struct Run {
  Tensor y;
  std::vector<Tensor> grads;
};

// The op on f32 copies of `inputs` on `device`; backward seeded with `dL_dy` when differentiable.
Run run_on(Device device, const GradcheckCase& c, const std::vector<Tensor>& inputs,
           const Tensor& dL_dy) {
  std::vector<Tensor> leaves;
  for (const Tensor& t : inputs) {
    Tensor leaf = t.detach().to(DType::F32).to(device);
    if (t.requires_grad()) leaf.set_requires_grad(true);
    leaves.push_back(leaf);
  }
  Run r{c.f(leaves), {}};
  if (dL_dy.defined() && r.y.requires_grad()) r.y.backward(dL_dy.to(device));
  for (const Tensor& leaf : leaves)
    r.grads.push_back(leaf.requires_grad() ? leaf.grad() : Tensor());
  return r;
}

void check_case(const GradcheckCase& c) {
  INFO(op_name(c.op), ": ", c.name);
  std::vector<Tensor> inputs = c.make_inputs();
  // The CPU forward gives the output shape for the seed gradient.
  Run cpu = run_on(Device::cpu(), c, inputs, Tensor());
  Generator gen(17);
  Tensor dL_dy = gen.uniform(cpu.y.shape(), -1.0, 1.0);
  cpu = run_on(Device::cpu(), c, inputs, dL_dy);
  Run cuda = run_on(Device::cuda(0), c, inputs, dL_dy);
  expect_close(cuda.y, cpu.y, std::string(op_name(c.op)) + " forward");
  for (size_t i = 0; i < inputs.size(); ++i)
    expect_close(cuda.grads[i], cpu.grads[i],
                 std::string(op_name(c.op)) + " dL/d(input " + std::to_string(i) + ")");
}

}  // namespace

TEST_CASE("CUDA parity: every differentiable op, forward and backward" *
          doctest::skip(!test::has_cuda_device())) {
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    std::vector<GradcheckCase> cases = gradcheck_cases(op);
    CHECK_MESSAGE((!cases.empty() || !op_differentiable(op)), op_name(op), " has no cases");
    for (const GradcheckCase& c : cases) check_case(c);
  }
}

TEST_CASE("CUDA parity: one_hot, device draws, transfers and the allocator" *
          doctest::skip(!test::has_cuda_device())) {
  Tensor cpu = one_hot({2, 0, 4, 4}, 5);
  Tensor cuda = one_hot({2, 0, 4, 4}, 5, DType::F32, Device::cuda(0));
  CHECK(cuda.device().is_cuda());
  CHECK(cuda.to_vector() == cpu.to_vector());

  // The same Philox draws on both devices (the CUDA libm may differ in the last f32 bit).
  Generator a(5, 2), b(5, 2);
  expect_close(a.normal({7, 9}, 0.5, 2.0, DType::F32, Device::cuda(0)), b.normal({7, 9}, 0.5, 2.0),
               "normal draw");
  expect_close(a.uniform({1000}, -3, 3, DType::F32, Device::cuda(0)), b.uniform({1000}, -3, 3),
               "uniform draw");

  // Round trip through the device, large enough to span several staging chunks.
  Generator g(9);
  Tensor big = g.uniform({3, 1 << 23});
  CHECK(big.to(Device::cuda(0)).to(Device::cpu()).to_vector() == big.to_vector());

  auto before = kernels::cuda::allocator_stats();
  { Tensor t = Tensor::zeros({1 << 20}, DType::F32, Device::cuda(0)); }
  auto after = kernels::cuda::allocator_stats();
  CHECK(after.peak_bytes >= before.allocated_bytes + (size_t(4) << 20));
  CHECK(after.cached_bytes >= size_t(4) << 20);
}

TEST_CASE("CUDA parity: the implicit-GEMM convolution matches cuDNN and the CPU" *
          doctest::skip(!test::has_cuda_device())) {
  using kernels::cuda::ConvAlgorithm;
  const ConvAlgorithm saved = kernels::cuda::conv_algorithm();
  for (Op op : {Op::Conv2d, Op::ConvTranspose2d}) {
    kernels::cuda::set_conv_algorithm(ConvAlgorithm::ImplicitGemm);
    for (const GradcheckCase& c : gradcheck_cases(op)) check_case(c);
  }
  kernels::cuda::set_conv_algorithm(saved);
}
