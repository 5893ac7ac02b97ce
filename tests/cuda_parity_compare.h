// The comparison of the CUDA parity tests (test_cuda_parity*.cpp): a GPU result against the CPU's.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "tests/fixture_tolerances.h"

namespace phantom::test {

// The result stayed on the GPU and max|a − b| <= rel_tol · max|b| (b the CPU result); rel_tol 0
// demands the same values.
inline void expect_close(const Tensor& cuda, const Tensor& cpu, const std::string& what,
                         double rel_tol = kCudaParityRelTol) {
  REQUIRE_MESSAGE(cuda.defined() == cpu.defined(), what, ": defined on one device only");
  if (!cpu.defined()) return;
  CHECK_MESSAGE(cuda.device().is_cuda(), what, ": result left the GPU (", cuda.describe(), ")");
  REQUIRE_MESSAGE(cuda.shape() == cpu.shape(), what, ": shapes ", cuda.describe(), " and ",
                  cpu.describe());
  std::vector<double> a = cuda.to_vector(), b = cpu.to_vector();
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    max_diff = std::max(max_diff, std::abs(a[i] - b[i]));
    max_ref = std::max(max_ref, std::abs(b[i]));
  }
  CHECK_MESSAGE(max_diff <= rel_tol * std::max(max_ref, 1e-30), what,
                ": max|cuda − cpu| = ", max_diff, ", max|cpu| = ", max_ref);
}

}  // namespace phantom::test
