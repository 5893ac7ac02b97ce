// Colours for plots: an RGB triple and a perceptually uniform colour map.
#pragma once
#include <cstdint>

namespace phantom::render {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kWhite{255, 255, 255};

// Viridis-like map from t in [0, 1] (clamped) — dark purple through teal to yellow; monotone in
// lightness, so it reads correctly in gray and for colour-blind readers.
Rgb viridis(double t);

// a + (b - a) * t per channel, t in [0, 1].
Rgb mix(Rgb a, Rgb b, double t);

}  // namespace phantom::render
