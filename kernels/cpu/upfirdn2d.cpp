#include "kernels/upfirdn2d.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "kernels/cpu/parallel.h"
#include "kernels/cpu/thread_scratch.h"
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

// Four values of T as one GNU vector: lane-by-lane arithmetic in the target's SIMD registers.
template <class T>
struct Vector4 {
  typedef T type __attribute__((vector_size(4 * sizeof(T))));
};

// Columns j0 .. j0 + 4·kVectors − 1 of one output row without resampling along x: output column
// j correlates padded row columns j .. j + fw − 1. The sums are 4-lane vectors, each its own
// variable so that they stay in registers (the compiler neither vectorises a loop over columns'
// separate sums by itself nor keeps one wider vector in SSE registers).
template <class T, int64_t kVectors>
void unit_x_columns(const T* rows, int64_t row_stride, int64_t row_count, const T* taps,
                    int64_t tap_row_stride, int64_t fw, T gain, int64_t j0, T* out) {
  using Vector = typename Vector4<T>::type;
  Vector acc[kVectors] = {};
  for (int64_t ky = 0; ky < row_count; ++ky) {
    const T* xr = rows + ky * row_stride + j0;
    for (int64_t kx = 0; kx < fw; ++kx) {
      const T t = taps[ky * tap_row_stride + kx];
#pragma GCC unroll 4
      for (int64_t v = 0; v < kVectors; ++v) {
        Vector xv;
        std::memcpy(&xv, xr + kx + 4 * v, sizeof xv);
        acc[v] += t * xv;
      }
    }
  }
#pragma GCC unroll 4
  for (int64_t v = 0; v < kVectors; ++v) {
    const Vector scaled = acc[v] * gain;
    std::memcpy(out + j0 + 4 * v, &scaled, sizeof scaled);
  }
}

// upfirdn2d with up_x = down_x = 1 (the FIR after a transposed convolution): each input plane is
// first copied into a zero-padded scratch plane, so that every output column takes all fw taps and
// a row is one vector loop. The result is bit-identical to the general path's: the extra terms
// are products with an exact zero, and a sum started at +0 is never −0, so adding ±0 leaves it
// unchanged.
template <class T>
void upfirdn2d_unit_x(const Upfirdn2dPlan& p, const T* x, const std::vector<T>& taps, T* y) {
  const T gain = static_cast<T>(p.gain);
  const int64_t pw = p.out_w + p.fw - 1;  // padded row: output j reads columns j .. j + fw − 1
  const int64_t x_from = std::max<int64_t>(0, p.pad_x0);    // first padded column with input
  const int64_t in_from = std::max<int64_t>(0, -p.pad_x0);  // the input column it holds
  const int64_t copied = std::max<int64_t>(0, std::min(p.in_w - in_from, pw - x_from));
  auto pad_plane = [&](int64_t plane, T* padded) {
    const T* xp = x + plane * p.in_h * p.in_w;
    for (int64_t iy = 0; iy < p.in_h; ++iy) {
      T* row = padded + iy * pw;
      std::fill(row, row + pw, T(0));
      std::copy(xp + iy * p.in_w + in_from, xp + iy * p.in_w + in_from + copied, row + x_from);
    }
  };
  auto output_row = [&](int64_t jy, const T* padded, T* yr) {
    const FirTaps ry = fir_taps(jy, p.up_y, p.down_y, p.pad_y0, p.in_h, p.fh);
    const T* rows = padded + ry.first_input * pw;
    // Input rows advance by 1, filter rows by up_y.
    const T* row_taps = taps.data() + ry.first_tap * p.fw;
    const int64_t tap_row_stride = p.up_y * p.fw;
    int64_t j = 0;
    for (; j + 16 <= p.out_w; j += 16)
      unit_x_columns<T, 4>(rows, pw, ry.count, row_taps, tap_row_stride, p.fw, gain, j, yr);
    for (; j + 4 <= p.out_w; j += 4)
      unit_x_columns<T, 1>(rows, pw, ry.count, row_taps, tap_row_stride, p.fw, gain, j, yr);
    for (; j < p.out_w; ++j) {
      T acc = 0;
      for (int64_t ky = 0; ky < ry.count; ++ky)
        for (int64_t kx = 0; kx < p.fw; ++kx)
          acc += row_taps[ky * tap_row_stride + kx] * rows[ky * pw + j + kx];
      yr[j] = acc * gain;
    }
  };
  parallel_chunks(
      p.planes * p.out_h,
      std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, p.out_w * p.fh * p.fw)),
      [&](int64_t r0, int64_t r1) {
        T* padded = thread_scratch<T, 0>(p.in_h * pw);
        int64_t plane = -1;
        for (int64_t r = r0; r < r1; ++r) {
          if (r / p.out_h != plane) pad_plane(plane = r / p.out_h, padded);
          output_row(r % p.out_h, padded, y + r * p.out_w);
        }
      });
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
  if (p.up_x == 1 && p.down_x == 1) return upfirdn2d_unit_x(p, x, taps, y);
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
