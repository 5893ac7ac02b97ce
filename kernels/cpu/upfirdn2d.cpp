#include "kernels/upfirdn2d.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "kernels/cpu/parallel.h"
#include "kernels/upfirdn2d_math.h"

namespace phantom::kernels::cpu {

namespace {

// Output columns first, first + period, ... (`length` of them) that use the same taps (first tap,
// count) and whose first inputs advance by `input_step`: computed side by side, so the inner loop
// runs across columns (independent sums the compiler vectorises) instead of along one column's few
// taps. Each column still adds its taps in the same order as a one-column loop would.
struct ColumnRun {
  int64_t first = 0, length = 0, tap = 0, count = 0, input = 0, input_step = 0;
};

std::vector<ColumnRun> column_runs(const Upfirdn2dPlan& p, int64_t period) {
  std::vector<FirTaps> columns(static_cast<size_t>(p.out_w));
  for (int64_t jx = 0; jx < p.out_w; ++jx)
    columns[size_t(jx)] = fir_taps(jx, p.up_x, p.down_x, p.pad_x0, p.in_w, p.fw);
  std::vector<ColumnRun> runs;
  for (int64_t phase = 0; phase < std::min(period, p.out_w); ++phase) {
    for (int64_t jx = phase; jx < p.out_w;) {
      const FirTaps& c = columns[size_t(jx)];
      ColumnRun r{jx, 1, c.first_tap, c.count, c.first_input, 0};
      for (int64_t next = jx + period; next < p.out_w; next += period, ++r.length) {
        const FirTaps& n = columns[size_t(next)];
        const int64_t step = n.first_input - columns[size_t(next - period)].first_input;
        if (n.first_tap != c.first_tap || n.count != c.count ||
            (r.length > 1 && step != r.input_step))
          break;
        r.input_step = step;
      }
      runs.push_back(r);
      jx += r.length * period;
    }
  }
  return runs;
}

}  // namespace

template <class T>
void upfirdn2d(const Upfirdn2dPlan& p, const T* x, const T* f, T* y) {
  const T gain = static_cast<T>(p.gain);
  // The filter in correlation order (reversed unless flip_filter: a true convolution), computed
  // once per call rather than per output element.
  std::vector<T> taps(static_cast<size_t>(p.fh * p.fw));
  for (int64_t ty = 0; ty < p.fh; ++ty)
    for (int64_t tx = 0; tx < p.fw; ++tx)
      taps[size_t(ty * p.fw + tx)] =
          p.flip_filter ? f[ty * p.fw + tx] : f[(p.fh - 1 - ty) * p.fw + (p.fw - 1 - tx)];
  // Columns jx and jx + up / gcd(up, down) have the same tap phase.
  const int64_t period = p.up_x / std::gcd(p.up_x, p.down_x);
  const std::vector<ColumnRun> runs = column_runs(p, period);
  auto output_row = [&](int64_t row) {
    const int64_t plane = row / p.out_h, jy = row % p.out_h;
    const T* xp = x + plane * p.in_h * p.in_w;
    T* yr = y + row * p.out_w;
    const FirTaps ry = fir_taps(jy, p.up_y, p.down_y, p.pad_y0, p.in_h, p.fh);
    for (const ColumnRun& r : runs) {
      // Columns m0 .. m0 + kLanes − 1 of the run, their sums in registers.
      auto block = [&]<int64_t kLanes>(int64_t m0) {
        T acc[kLanes] = {};
        for (int64_t ky = 0; ky < ry.count; ++ky) {
          const T* xr = xp + (ry.first_input + ky) * p.in_w + r.input + m0 * r.input_step;
          const T* tr = taps.data() + (ry.first_tap + ky * p.up_y) * p.fw + r.tap;
          for (int64_t kx = 0; kx < r.count; ++kx) {
            const T t = tr[kx * p.up_x];
            for (int64_t l = 0; l < kLanes; ++l) acc[l] += t * xr[kx + l * r.input_step];
          }
        }
        for (int64_t l = 0; l < kLanes; ++l) yr[r.first + (m0 + l) * period] = acc[l] * gain;
      };
      int64_t m0 = 0;
      for (; m0 + 8 <= r.length; m0 += 8) block.template operator()<8>(m0);
      for (; m0 + 4 <= r.length; m0 += 4) block.template operator()<4>(m0);
      for (; m0 < r.length; ++m0) block.template operator()<1>(m0);
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
