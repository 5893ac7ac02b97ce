// upfirdn2d on the GPU: one thread per output pixel, taps from fir_taps (upfirdn2d_math.h).
#include "kernels/cuda/launch.h"
#include "kernels/upfirdn2d.h"
#include "kernels/upfirdn2d_math.h"

namespace phantom::kernels::cuda {

template <class T>
void upfirdn2d(const Upfirdn2dPlan& plan, const T* x, const T* f, T* y) {
  const Upfirdn2dPlan p = plan;
  const T gain = static_cast<T>(p.gain);
  for_each_index(p.planes * p.out_h * p.out_w, [=] __device__(int64_t i) {
    const int64_t jx = i % p.out_w, row = i / p.out_w;
    const int64_t plane = row / p.out_h, jy = row % p.out_h;
    const T* xp = x + plane * p.in_h * p.in_w;
    const FirTaps ry = fir_taps(jy, p.up_y, p.down_y, p.pad_y0, p.in_h, p.fh);
    const FirTaps rx = fir_taps(jx, p.up_x, p.down_x, p.pad_x0, p.in_w, p.fw);
    T acc = 0;
    for (int64_t ky = 0; ky < ry.count; ++ky) {
      const T* xr = xp + (ry.first_input + ky) * p.in_w + rx.first_input;
      const int64_t ty = ry.first_tap + ky * p.up_y;
      for (int64_t kx = 0; kx < rx.count; ++kx) {
        const int64_t tx = rx.first_tap + kx * p.up_x;
        // Correlation tap (ty, tx) reads f reversed unless flip_filter (a true convolution).
        const T tap =
            p.flip_filter ? f[ty * p.fw + tx] : f[(p.fh - 1 - ty) * p.fw + (p.fw - 1 - tx)];
        acc += tap * xr[kx];
      }
    }
    y[i] = acc * gain;
  });
}

template void upfirdn2d<float>(const Upfirdn2dPlan&, const float*, const float*, float*);

}  // namespace phantom::kernels::cuda
