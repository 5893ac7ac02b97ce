// Dropout on the GPU: the keep decision of element i is dropout_keep (Philox), as on the CPU.
#include "kernels/cuda/launch.h"
#include "kernels/dropout.h"
#include "kernels/dropout_math.h"

namespace phantom::kernels::cuda {

template <class T>
void dropout_apply(const DropoutMask& mask, const T* in, T* out, int64_t n) {
  const DropoutMask m = mask;
  const T scale = static_cast<T>(1.0 / (1.0 - m.p));
  for_each_index(n, [=] __device__(int64_t i) {
    out[i] = dropout_keep(m.seed, m.stream, m.base + static_cast<uint64_t>(i), m.p) ? in[i] * scale
                                                                                    : T(0);
  });
}

template void dropout_apply<float>(const DropoutMask&, const float*, float*, int64_t);

}  // namespace phantom::kernels::cuda
