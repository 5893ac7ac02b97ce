#include "kernels/random.h"

#include "kernels/cpu/parallel.h"
#include "kernels/random_math.h"

namespace phantom::kernels::cpu {

template <class T>
void random_fill(const RandomDraw& draw, T* out, int64_t n) {
  parallel_for(n, [&](int64_t i) { out[i] = static_cast<T>(random_value(draw, i)); });
}

template void random_fill<float>(const RandomDraw&, float*, int64_t);
template void random_fill<double>(const RandomDraw&, double*, int64_t);

}  // namespace phantom::kernels::cpu
