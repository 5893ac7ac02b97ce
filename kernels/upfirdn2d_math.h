// Index arithmetic of upfirdn2d along one axis, shared host/device. Output sample j reads the
// zero-upsampled, padded signal at q = j·down + t for correlation taps t in [0, taps); position q
// holds input sample i = (q − pad0)/up when that is a whole number in [0, in), else zero. The
// taps that hit samples are t0, t0 + up, ... (input i0, i0 + 1, ...), so no zero is multiplied.
#pragma once
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

struct FirTaps {
  int64_t first_tap = 0;    // t0; later taps step by `up`
  int64_t first_input = 0;  // i0; later inputs step by 1
  int64_t count = 0;
};

PHANTOM_HD FirTaps fir_taps(int64_t j, int64_t up, int64_t down, int64_t pad0, int64_t in,
                            int64_t taps) {
  const int64_t base = j * down - pad0;  // unpadded position of tap 0
  int64_t t0 = ((-base) % up + up) % up;
  int64_t i0 = (base + t0) / up;  // exact: base + t0 is a multiple of up
  if (i0 < 0) {                   // skip taps that land left of the input
    t0 += -i0 * up;
    i0 = 0;
  }
  FirTaps r;
  r.first_tap = t0;
  r.first_input = i0;
  const int64_t by_taps = t0 < taps ? (taps - t0 + up - 1) / up : 0;
  const int64_t by_input = in - i0;
  r.count = by_taps < by_input ? by_taps : by_input;
  if (r.count < 0) r.count = 0;
  return r;
}

}  // namespace phantom::kernels
