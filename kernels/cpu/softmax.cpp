#include "kernels/softmax.h"

#include <cmath>

namespace phantom::kernels::cpu {

template <class T>
void softmax_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool log) {
#pragma omp parallel for collapse(2) schedule(static) if (outer * inner * n > 32768)
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < inner; ++k) {
      const T* xs = x + o * n * inner + k;
      T* ys = y + o * n * inner + k;
      T m = xs[0];
      for (int64_t j = 1; j < n; ++j) m = xs[j * inner] > m ? xs[j * inner] : m;
      double s = 0;
      for (int64_t j = 0; j < n; ++j) s += std::exp(static_cast<double>(xs[j * inner] - m));
      if (log) {
        T lse = static_cast<T>(std::log(s));
        for (int64_t j = 0; j < n; ++j) ys[j * inner] = xs[j * inner] - m - lse;
      } else {
        for (int64_t j = 0; j < n; ++j)
          ys[j * inner] = static_cast<T>(std::exp(static_cast<double>(xs[j * inner] - m)) / s);
      }
    }
}

template <class T>
void softmax_backward(const T* y, const T* dL_dy, T* dL_dx, int64_t outer, int64_t n, int64_t inner,
                      bool log) {
#pragma omp parallel for collapse(2) schedule(static) if (outer * inner * n > 32768)
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < inner; ++k) {
      int64_t base = o * n * inner + k;
      double s = 0;
      for (int64_t j = 0; j < n; ++j)
        s += log ? dL_dy[base + j * inner] : dL_dy[base + j * inner] * y[base + j * inner];
      for (int64_t j = 0; j < n; ++j) {
        int64_t i = base + j * inner;
        dL_dx[i] = log ? static_cast<T>(dL_dy[i] - std::exp(static_cast<double>(y[i])) * s)
                       : static_cast<T>(y[i] * (dL_dy[i] - s));
      }
    }
}

template void softmax_forward<float>(const float*, float*, int64_t, int64_t, int64_t, bool);
template void softmax_forward<double>(const double*, double*, int64_t, int64_t, int64_t, bool);
template void softmax_backward<float>(const float*, const float*, float*, int64_t, int64_t, int64_t,
                                      bool);
template void softmax_backward<double>(const double*, const double*, double*, int64_t, int64_t,
                                       int64_t, bool);

}  // namespace phantom::kernels::cpu
