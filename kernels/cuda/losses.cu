// Losses on the GPU: one thread per row (row losses) or element (point losses) with the shared
// formulas of loss_math.h, gradients written in the same pass (fused). Per-row losses are summed
// on the host in row order, as the CPU does; per-element losses by sum_f64.
#include <vector>

#include "kernels/cuda/launch.h"
#include "kernels/cuda/runtime.h"
#include "kernels/cuda/stream.h"
#include "kernels/loss_math.h"
#include "kernels/losses.h"

namespace phantom::kernels::cuda {


template <class T>
double row_loss(RowLoss kind, const T* z, const int64_t* labels, int64_t N, int64_t C, double param,
                T* dL_dz) {
  if (N == 0) return 0.0;
  DeviceScratch<double> per_row(N);
  double* out = per_row.get();
  for_each_index(N, [=] __device__(int64_t n) {
    out[n] =
        row_loss_apply(kind, z + n * C, C, labels[n], param, N, dL_dz ? dL_dz + n * C : nullptr);
  });
  std::vector<double> host(static_cast<size_t>(N));
  copy(host.data(), -1, out, current_device(), host.size() * sizeof(double));
  double total = 0;
  for (double l : host) total += l;
  return total / static_cast<double>(N);
}

template <class T>
double point_loss(PointLoss kind, const T* x, const T* t, int64_t n, T* dL_dx, T* dL_dt) {
  if (n == 0) return 0.0;
  const double inv_n = 1.0 / static_cast<double>(n);
  DeviceScratch<double> per_element(n);
  double* out = per_element.get();
  for_each_index(n, [=] __device__(int64_t i) {
    double dx = 0, dt = 0;
    out[i] = point_loss_elem(kind, x[i], t[i], dx, dt);
    if (dL_dx) dL_dx[i] = static_cast<T>(dx * inv_n);
    if (dL_dt) dL_dt[i] = static_cast<T>(dt * inv_n);
  });
  return sum_f64(out, n) * inv_n;
}

template double row_loss<float>(RowLoss, const float*, const int64_t*, int64_t, int64_t, double,
                                float*);
template double point_loss<float>(PointLoss, const float*, const float*, int64_t, float*, float*);

}  // namespace phantom::kernels::cuda
