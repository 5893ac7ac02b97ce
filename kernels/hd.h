// PHANTOM_HD marks the per-element formulas shared by the CPU and CUDA backends: compiled as
// __host__ __device__ under nvcc and as plain inline functions elsewhere, so the CPU test suite
// exercises the very arithmetic the GPU runs.
#pragma once
#if defined(__CUDACC__)
#define PHANTOM_HD __host__ __device__ __forceinline__
#else
#define PHANTOM_HD inline
#endif
