#include "models/stylegan2/fir_filter.h"

#include <vector>

namespace phantom::models::stylegan2 {

Tensor make_resample_filter() {
  const double k[4] = {1, 3, 3, 1};
  std::vector<double> f;
  for (double a : k)
    for (double b : k) f.push_back(a * b / 64.0);
  return Tensor::from_vector(f, {4, 4});
}

}  // namespace phantom::models::stylegan2
