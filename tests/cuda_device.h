// Whether this machine can run the CUDA tests. Without a device they are skipped (doctest's
// skip decorator; CTest reports the cuda_parity test as skipped), never passed.
#pragma once
#include "kernels/cuda/runtime.h"

namespace phantom::test {

inline bool has_cuda_device() {
  static const bool present = kernels::cuda::device_count() > 0;
  return present;
}

}  // namespace phantom::test
