// The CUDA twin table: for every op, the kernels/cuda source that implements its forward and
// backward. A switch over Op without `default:` (engine/op_list.h), so an op added without
// naming its CUDA kernel fails to build; tests/test_cuda_twins.cpp checks each file exists, and
// tests/test_cuda_parity.cpp runs every op on both devices.
#pragma once
#include "engine/op_list.h"

namespace phantom {

const char* cuda_kernel_source(Op op);

}  // namespace phantom
