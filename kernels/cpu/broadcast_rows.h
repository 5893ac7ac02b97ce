// Walking a broadcast plan row by row on the CPU: one row is a run of the plan's innermost
// (coalesced) dim, so the offsets in a and b are computed once per row instead of once per element
// and the inner loop is a plain strided loop the compiler vectorises.
#pragma once
#include <algorithm>
#include <cstdint>

#include "kernels/broadcast.h"
#include "kernels/cpu/parallel.h"

namespace phantom::kernels::cpu {

// Calls body(i, ia, ib, n, sa, sb) for every row, or piece of a long row: output elements
// [i, i + n) read a at ia + j·sa and b at ib + j·sb, j < n. Pieces run in parallel when the plan
// is large.
template <class F>
void for_each_broadcast_row(const BroadcastPlan& p, F&& body) {
  if (p.numel == 0) return;
  const int last = p.rank > 0 ? p.rank - 1 : 0;
  const int64_t row = p.rank > 0 ? p.out_shape[last] : 1;
  const int64_t sa = p.rank > 0 ? p.a_stride[last] : 0, sb = p.rank > 0 ? p.b_stride[last] : 0;
  // Long rows are cut so that a plan of few rows still spreads over the threads.
  constexpr int64_t kPiece = 4096;
  const int64_t pieces_per_row = (row + kPiece - 1) / kPiece;
  const int64_t pieces = p.numel / row * pieces_per_row;
  auto piece = [&](int64_t t) {
    const int64_t r = t / pieces_per_row, start = t % pieces_per_row * kPiece;
    int64_t ia, ib;
    broadcast_offsets(p, r * row, ia, ib);
    body(r * row + start, ia + start * sa, ib + start * sb, std::min(kPiece, row - start), sa, sb);
  };
  if (p.numel < kParallelGrain) {
    for (int64_t t = 0; t < pieces; ++t) piece(t);
    return;
  }
#pragma omp parallel for schedule(static)
  for (int64_t t = 0; t < pieces; ++t) piece(t);
}

}  // namespace phantom::kernels::cpu
