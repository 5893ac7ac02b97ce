#include "kernels/dropout.h"

#include "kernels/cpu/parallel.h"
#include "kernels/dropout_math.h"

namespace phantom::kernels::cpu {

template <class T>
void dropout_apply(const DropoutMask& m, const T* in, T* out, int64_t n) {
  const T scale = static_cast<T>(1.0 / (1.0 - m.p));
  parallel_for(n, [&](int64_t i) {
    out[i] = dropout_keep(m.seed, m.stream, m.base + static_cast<uint64_t>(i), m.p) ? in[i] * scale
                                                                                    : T(0);
  });
}

template void dropout_apply<float>(const DropoutMask&, const float*, float*, int64_t);
template void dropout_apply<double>(const DropoutMask&, const double*, double*, int64_t);

}  // namespace phantom::kernels::cpu
