// Philox draws on the GPU: element i is random_value(draw, i), the CPU's value.
#include "kernels/cuda/launch.h"
#include "kernels/random.h"
#include "kernels/random_math.h"

namespace phantom::kernels::cuda {

template <class T>
void random_fill(const RandomDraw& draw, T* out, int64_t n) {
  const RandomDraw d = draw;
  for_each_index(n, [=] __device__(int64_t i) { out[i] = static_cast<T>(random_value(d, i)); });
}

template void random_fill<float>(const RandomDraw&, float*, int64_t);

}  // namespace phantom::kernels::cuda
