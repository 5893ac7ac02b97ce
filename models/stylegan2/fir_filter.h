// StyleGAN2's resample_filter buffer: f = k kᵀ / sum(k kᵀ) for k = [1, 3, 3, 1] (spec §2.4).
// Every block and layer stores its own copy under the official name; the values never change.
#pragma once
#include "engine/core/tensor.h"

namespace phantom::models::stylegan2 {

Tensor make_resample_filter();  // [4, 4], entries sum to 1

}  // namespace phantom::models::stylegan2
