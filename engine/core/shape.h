// Shapes and the small arithmetic on them that many ops share.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace phantom {

using Shape = std::vector<int64_t>;

int64_t numel(const Shape& s);
std::string shape_str(const Shape& s);
// Row-major strides (in elements).
Shape contiguous_strides(const Shape& s);
// Normalises a possibly negative dimension index; throws UserError naming `what` if out of range.
int64_t wrap_dim(int64_t dim, int64_t rank, const char* what);
// The broadcast of two shapes (numpy rules); throws UserError naming `what` if incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* what);

}  // namespace phantom
