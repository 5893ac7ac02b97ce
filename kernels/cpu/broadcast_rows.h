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
  const int64_t rows = p.numel / row;
  // Long rows are cut so that a plan of few rows still spreads over the threads.
  constexpr int64_t kPiece = 4096;
  if (row > kPiece) {
    const int64_t pieces_per_row = (row + kPiece - 1) / kPiece;
    auto piece = [&](int64_t t) {
      const int64_t r = t / pieces_per_row, start = t % pieces_per_row * kPiece;
      int64_t ia, ib;
      broadcast_offsets(p, r * row, ia, ib);
      body(r * row + start, ia + start * sa, ib + start * sb, std::min(kPiece, row - start), sa,
           sb);
    };
#pragma omp parallel for schedule(static) if (p.numel >= kParallelGrain)
    for (int64_t t = 0; t < rows * pieces_per_row; ++t) piece(t);
    return;
  }
  // Short rows, in contiguous ranges: the first row's offsets by division, then an odometer step
  // over the outer dims per row (rows of a few elements would otherwise spend their time on the
  // divisions).
  auto row_range = [&](int64_t r0, int64_t r1) {
    int64_t idx[kMaxRank] = {}, ia, ib;
    broadcast_offsets(p, r0 * row, ia, ib);
    for (int64_t d = last - 1, r = r0; d >= 0; --d)
      idx[d] = r % p.out_shape[d], r /= p.out_shape[d];
    for (int64_t r = r0; r < r1; ++r) {
      body(r * row, ia, ib, row, sa, sb);
      for (int d = last - 1; d >= 0; --d) {
        ia += p.a_stride[d], ib += p.b_stride[d];
        if (++idx[d] < p.out_shape[d]) break;
        ia -= idx[d] * p.a_stride[d], ib -= idx[d] * p.b_stride[d], idx[d] = 0;
      }
    }
  };
  if (p.numel < kParallelGrain) return row_range(0, rows);
  parallel_chunks(rows, std::max<int64_t>(1, kParallelGrain / row), row_range);
}

}  // namespace phantom::kernels::cpu
