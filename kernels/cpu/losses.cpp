#include "kernels/losses.h"

#include <vector>

#include "kernels/loss_math.h"

namespace phantom::kernels::cpu {

template <class T>
double row_loss(RowLoss kind, const T* z, const int64_t* labels, int64_t N, int64_t C, double param,
                T* dL_dz) {
  std::vector<double> per_row(static_cast<size_t>(N));
#pragma omp parallel for schedule(static) if (N * C > 32768)
  for (int64_t n = 0; n < N; ++n)
    per_row[static_cast<size_t>(n)] =
        row_loss_apply(kind, z + n * C, C, labels[n], param, N, dL_dz ? dL_dz + n * C : nullptr);
  double total = 0;
  for (double l : per_row) total += l;  // serial sum: deterministic whatever the thread count
  return N > 0 ? total / static_cast<double>(N) : 0.0;
}

template <class T>
double point_loss(PointLoss kind, const T* x, const T* t, int64_t n, T* dL_dx, T* dL_dt) {
  double total = 0, inv_n = n > 0 ? 1.0 / static_cast<double>(n) : 0.0;
  for (int64_t i = 0; i < n; ++i) {
    double dx = 0, dt = 0;
    total += point_loss_elem(kind, x[i], t[i], dx, dt);
    if (dL_dx) dL_dx[i] = static_cast<T>(dx * inv_n);
    if (dL_dt) dL_dt[i] = static_cast<T>(dt * inv_n);
  }
  return total * inv_n;
}

template double point_loss<float>(PointLoss, const float*, const float*, int64_t, float*, float*);
template double point_loss<double>(PointLoss, const double*, const double*, int64_t, double*,
                                   double*);
template double row_loss<float>(RowLoss, const float*, const int64_t*, int64_t, int64_t, double,
                                float*);
template double row_loss<double>(RowLoss, const double*, const int64_t*, int64_t, int64_t, double,
                                 double*);

}  // namespace phantom::kernels::cpu
