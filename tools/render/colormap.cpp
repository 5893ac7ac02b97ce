#include "tools/render/colormap.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace phantom::render {
namespace {

// matplotlib's viridis sampled at t = 0, 0.1, ..., 1 (published hex values); linear interpolation
// between these eleven anchors stays within a few levels of the full 256-entry table.
constexpr Rgb kViridisAnchors[] = {
    {0x44, 0x01, 0x54}, {0x48, 0x24, 0x75}, {0x41, 0x44, 0x87}, {0x35, 0x5f, 0x8d},
    {0x2a, 0x78, 0x8e}, {0x21, 0x91, 0x8c}, {0x22, 0xa8, 0x84}, {0x44, 0xbf, 0x70},
    {0x7a, 0xd1, 0x51}, {0xbd, 0xdf, 0x26}, {0xfd, 0xe7, 0x25},
};

}  // namespace

Rgb mix(Rgb a, Rgb b, double t) {
  auto lerp = [t](uint8_t x, uint8_t y) {
    return static_cast<uint8_t>(std::lround(x + (static_cast<double>(y) - x) * t));
  };
  return {lerp(a.r, b.r), lerp(a.g, b.g), lerp(a.b, b.b)};
}

Rgb viridis(double t) {
  constexpr int segments = static_cast<int>(std::size(kViridisAnchors)) - 1;
  double position = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * segments;
  int i = std::min(static_cast<int>(position), segments - 1);
  return mix(kViridisAnchors[i], kViridisAnchors[i + 1], position - i);
}

}  // namespace phantom::render
