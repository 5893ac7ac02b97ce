#include "kernels/unary.h"

#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

namespace {
// One instantiation per function so the loop body has no switch and vectorises.
template <class T, UnaryFn F>
void forward_fn(UnaryParams p, const T* x, T* y, int64_t n) {
  parallel_for(n, [&](int64_t i) { y[i] = unary_apply(F, x[i], p); });
}
template <class T, UnaryFn F>
void backward_fn(UnaryParams p, const T* x, const T* y, const T* dL_dy, T* dL_dx, int64_t n) {
  parallel_for(n, [&](int64_t i) { dL_dx[i] = dL_dy[i] * unary_derivative(F, x[i], y[i], p); });
}

template <class T, template <class, UnaryFn> class Body, class... Args>
void by_fn(UnaryFn fn, Args... args) {
  switch (fn) {
#define PHANTOM_UNARY_CASE(name) \
  case UnaryFn::name:            \
    return Body<T, UnaryFn::name>::run(args...);
    PHANTOM_UNARY_CASE(Exp)
    PHANTOM_UNARY_CASE(Log) PHANTOM_UNARY_CASE(Sqrt) PHANTOM_UNARY_CASE(Pow) PHANTOM_UNARY_CASE(Abs)
        PHANTOM_UNARY_CASE(Clamp) PHANTOM_UNARY_CASE(Relu) PHANTOM_UNARY_CASE(LeakyRelu)
            PHANTOM_UNARY_CASE(Sigmoid) PHANTOM_UNARY_CASE(Tanh) PHANTOM_UNARY_CASE(Softplus)
                PHANTOM_UNARY_CASE(Acosh)
#undef PHANTOM_UNARY_CASE
  }
}

template <class T, UnaryFn F>
struct Forward {
  static void run(UnaryParams p, const T* x, T* y, int64_t n) { forward_fn<T, F>(p, x, y, n); }
};
template <class T, UnaryFn F>
struct Backward {
  static void run(UnaryParams p, const T* x, const T* y, const T* g, T* dx, int64_t n) {
    backward_fn<T, F>(p, x, y, g, dx, n);
  }
};
}  // namespace

template <class T>
void unary_forward(UnaryFn fn, UnaryParams p, const T* x, T* y, int64_t n) {
  by_fn<T, Forward>(fn, p, x, y, n);
}

template <class T>
void unary_backward(UnaryFn fn, UnaryParams p, const T* x, const T* y, const T* dL_dy, T* dL_dx,
                    int64_t n) {
  by_fn<T, Backward>(fn, p, x, y, dL_dy, dL_dx, n);
}

// body(bias, i, n) for every run of `inner` consecutive elements [i, i + n) of one channel, whose
// bias it gets (0 without b): one bias load per run instead of a division per element. Runs are
// parallel when the tensor is large.
template <class T, class F>
void for_each_channel_run(const T* b, int64_t outer, int64_t channels, int64_t inner, F&& body) {
  const int64_t runs = outer * channels;
  auto run = [&](int64_t r) { body(b ? b[r % channels] : T(0), r * inner, inner); };
  if (runs * inner < kParallelGrain) {
    for (int64_t r = 0; r < runs; ++r) run(r);
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < runs; ++r) run(r);
}

template <class T>
void bias_act_forward(const T* x, const T* b, T* y, int64_t outer, int64_t channels, int64_t inner,
                      T slope, T gain, T clamp) {
  for_each_channel_run(b, outer, channels, inner, [&](T bias, int64_t i, int64_t n) {
#pragma omp simd
    for (int64_t k = i; k < i + n; ++k) y[k] = bias_act_apply(x[k] + bias, slope, gain, clamp);
  });
}

template <class T>
void bias_act_backward(const T* x, const T* b, const T* dL_dy, T* dL_dxb, T* dL_db, int64_t outer,
                       int64_t channels, int64_t inner, T slope, T gain, T clamp) {
  for_each_channel_run(b, outer, channels, inner, [&](T bias, int64_t i, int64_t n) {
#pragma omp simd
    for (int64_t k = i; k < i + n; ++k)
      dL_dxb[k] = dL_dy[k] * bias_act_derivative(x[k] + bias, slope, gain, clamp);
  });
  if (!dL_db) return;
    // Per-channel sums in f64 accumulators: channel-parallel, deterministic.
#pragma omp parallel for schedule(static) if (outer * channels * inner > kParallelGrain)
  for (int64_t c = 0; c < channels; ++c) {
    double acc = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t k = 0; k < inner; ++k) acc += dL_dxb[(o * channels + c) * inner + k];
    dL_db[c] = static_cast<T>(acc);
  }
}

#define PHANTOM_INSTANTIATE(T)                                                                   \
  template void unary_forward<T>(UnaryFn, UnaryParams, const T*, T*, int64_t);                   \
  template void unary_backward<T>(UnaryFn, UnaryParams, const T*, const T*, const T*, T*,        \
                                  int64_t);                                                      \
  template void bias_act_forward<T>(const T*, const T*, T*, int64_t, int64_t, int64_t, T, T, T); \
  template void bias_act_backward<T>(const T*, const T*, const T*, T*, T*, int64_t, int64_t,     \
                                     int64_t, T, T, T);
PHANTOM_INSTANTIATE(float)
PHANTOM_INSTANTIATE(double)
#undef PHANTOM_INSTANTIATE

}  // namespace phantom::kernels::cpu
