#include "kernels/upfirdn2d.h"

#include <algorithm>
#include <vector>

#include "kernels/cpu/parallel.h"
#include "kernels/upfirdn2d_math.h"

namespace phantom::kernels::cpu {

template <class T>
void upfirdn2d(const Upfirdn2dPlan& p, const T* x, const T* f, T* y) {
  const T gain = static_cast<T>(p.gain);
  // The filter in correlation order (reversed unless flip_filter: a true convolution), and each
  // output column's input window, computed once per call rather than per output element.
  std::vector<T> taps(static_cast<size_t>(p.fh * p.fw));
  for (int64_t ty = 0; ty < p.fh; ++ty)
    for (int64_t tx = 0; tx < p.fw; ++tx)
      taps[size_t(ty * p.fw + tx)] =
          p.flip_filter ? f[ty * p.fw + tx] : f[(p.fh - 1 - ty) * p.fw + (p.fw - 1 - tx)];
  std::vector<FirTaps> columns(static_cast<size_t>(p.out_w));
  for (int64_t jx = 0; jx < p.out_w; ++jx)
    columns[size_t(jx)] = fir_taps(jx, p.up_x, p.down_x, p.pad_x0, p.in_w, p.fw);
  auto output_row = [&](int64_t row) {
    const int64_t plane = row / p.out_h, jy = row % p.out_h;
    const T* xp = x + plane * p.in_h * p.in_w;
    T* yr = y + row * p.out_w;
    const FirTaps ry = fir_taps(jy, p.up_y, p.down_y, p.pad_y0, p.in_h, p.fh);
    for (int64_t jx = 0; jx < p.out_w; ++jx) {
      const FirTaps& rx = columns[size_t(jx)];
      T acc = 0;
      for (int64_t ky = 0; ky < ry.count; ++ky) {
        const T* xr = xp + (ry.first_input + ky) * p.in_w + rx.first_input;
        const T* tr = taps.data() + (ry.first_tap + ky * p.up_y) * p.fw + rx.first_tap;
        for (int64_t kx = 0; kx < rx.count; ++kx) acc += tr[kx * p.up_x] * xr[kx];
      }
      yr[jx] = acc * gain;
    }
  };
  const int64_t work_per_row = p.out_w * p.fh * p.fw;
  parallel_chunks(p.planes * p.out_h,
                  std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, work_per_row)),
                  [&](int64_t r0, int64_t r1) {
                    for (int64_t r = r0; r < r1; ++r) output_row(r);
                  });
}

template void upfirdn2d<float>(const Upfirdn2dPlan&, const float*, const float*, float*);
template void upfirdn2d<double>(const Upfirdn2dPlan&, const double*, const double*, double*);

}  // namespace phantom::kernels::cpu
