// Index arithmetic for broadcasting binary ops: the output's shape and, for each operand, its
// strides in output coordinates (0 along broadcast dimensions). At most kMaxRank dimensions.
#pragma once
#include <cstdint>

#include "kernels/hd.h"

namespace phantom::kernels {

inline constexpr int kMaxRank = 8;

struct BroadcastPlan {
  int rank = 0;
  int64_t out_shape[kMaxRank] = {};
  int64_t a_stride[kMaxRank] = {};
  int64_t b_stride[kMaxRank] = {};
  int64_t numel = 1;
  bool same_shape = false;  // a, b and out all equal: plain linear loop
};

// Offsets of output element `i` in a and b.
PHANTOM_HD void broadcast_offsets(const BroadcastPlan& p, int64_t i, int64_t& ia, int64_t& ib) {
  ia = ib = 0;
  for (int d = p.rank - 1; d >= 0; --d) {
    int64_t c = i % p.out_shape[d];
    i /= p.out_shape[d];
    ia += c * p.a_stride[d];
    ib += c * p.b_stride[d];
  }
}

}  // namespace phantom::kernels
