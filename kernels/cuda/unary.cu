// Unary functions and bias_act on the GPU; formulas from unary_math.h.
#include "kernels/cuda/launch.h"
#include "kernels/unary.h"

namespace phantom::kernels::cuda {

template <class T>
void unary_forward(UnaryFn fn, UnaryParams p, const T* x, T* y, int64_t n) {
  for_each_index(n, [=] __device__(int64_t i) { y[i] = unary_apply(fn, x[i], p); });
}

template <class T>
void unary_backward(UnaryFn fn, UnaryParams p, const T* x, const T* y, const T* dL_dy, T* dL_dx,
                    int64_t n) {
  for_each_index(
      n, [=] __device__(int64_t i) { dL_dx[i] = dL_dy[i] * unary_derivative(fn, x[i], y[i], p); });
}

template <class T>
void bias_act_forward(const T* x, const T* b, T* y, int64_t outer, int64_t channels, int64_t inner,
                      T slope, T gain, T clamp) {
  for_each_index(outer * channels * inner, [=] __device__(int64_t i) {
    T bias = b ? b[(i / inner) % channels] : T(0);
    y[i] = bias_act_apply(x[i] + bias, slope, gain, clamp);
  });
}

template <class T>
void bias_act_backward(const T* x, const T* b, const T* dL_dy, T* dL_dxb, T* dL_db, int64_t outer,
                       int64_t channels, int64_t inner, T slope, T gain, T clamp) {
  for_each_index(outer * channels * inner, [=] __device__(int64_t i) {
    T bias = b ? b[(i / inner) % channels] : T(0);
    dL_dxb[i] = dL_dy[i] * bias_act_derivative(x[i] + bias, slope, gain, clamp);
  });
  if (!dL_db) return;
  // One block per channel sums its outer·inner gradients in f64.
  const int64_t per_channel = outer * inner;
  for_each_group(channels, [=] __device__(int64_t c) {
    double acc = 0;
    for (int64_t r = threadIdx.x; r < per_channel; r += blockDim.x)
      acc += dL_dxb[((r / inner) * channels + c) * inner + r % inner];
    acc = block_sum(acc);
    if (threadIdx.x == 0) dL_db[c] = static_cast<T>(acc);
  });
}

template void unary_forward<float>(UnaryFn, UnaryParams, const float*, float*, int64_t);
template void unary_backward<float>(UnaryFn, UnaryParams, const float*, const float*, const float*,
                                    float*, int64_t);
template void bias_act_forward<float>(const float*, const float*, float*, int64_t, int64_t, int64_t,
                                      float, float, float);
template void bias_act_backward<float>(const float*, const float*, const float*, float*, float*,
                                       int64_t, int64_t, int64_t, float, float, float);

}  // namespace phantom::kernels::cuda
