// phantom info: what this build is and what it can use.
#include <omp.h>

#include <cstdio>

#include "kernels/conv.h"
#include "kernels/cuda/runtime.h"
#include "tools/cli/commands.h"

namespace phantom::cli {

Command add_info(CLI::App& app) {
  CLI::App* sub =
      app.add_subcommand("info", "Build type, BLAS, threads, CUDA devices (or why none)");
  return {sub, [] {
            std::printf("phantom build:   %s\n", PHANTOM_BUILD_TYPE);
            std::printf("CPU threads:     %d (OpenMP; set OMP_NUM_THREADS to change)\n",
                        omp_get_max_threads());
            std::printf("CPU convolution: %s (PHANTOM_CPU_CONV: im2col, winograd or auto)\n",
                        kernels::cpu::conv_algorithm_name());
            std::printf("CUDA backend:    %s\n",
                        kernels::cuda::built_with_cuda() ? "built" : "not built");
            if (kernels::cuda::built_with_cuda())
              std::printf("CUDA math:       convolutions via %s (cuDNN %s), TF32 %s\n",
                          kernels::cuda::conv_algorithm() == kernels::cuda::ConvAlgorithm::Cudnn
                              ? "cuDNN"
                              : "implicit GEMM",
                          kernels::cuda::built_with_cudnn() ? "built" : "not built",
                          kernels::cuda::allow_tf32() ? "on" : "off (PHANTOM_ALLOW_TF32=1)");
            std::string why;
            int n = kernels::cuda::device_count(&why);
            if (n == 0) std::printf("CUDA devices:    none (%s)\n", why.c_str());
            for (int i = 0; i < n; ++i)
              std::printf("CUDA device %d:   %s\n", i, kernels::cuda::device_name(i).c_str());
            auto stats = kernels::cuda::allocator_stats();
            if (n > 0)
              std::printf("CUDA allocator:  peak %zu bytes, cached %zu bytes\n", stats.peak_bytes,
                          stats.cached_bytes);
            return 0;
          }};
}

}  // namespace phantom::cli
