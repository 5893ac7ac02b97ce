#include "engine/core/shape.h"

#include "engine/core/error.h"

namespace phantom {

int64_t numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

int64_t wrap_dim(int64_t dim, int64_t rank, const char* what) {
  int64_t d = dim < 0 ? dim + rank : dim;
  PHANTOM_REQUIRE(d >= 0 && d < rank, what, ": dimension ", dim, " out of range for rank ", rank);
  return d;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* what) {
  size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    PHANTOM_REQUIRE(da == db || da == 1 || db == 1, what, ": shapes ", shape_str(a), " and ",
                    shape_str(b), " cannot be broadcast");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

}  // namespace phantom
