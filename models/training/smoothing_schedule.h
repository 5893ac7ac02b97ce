// The label-smoothing α in use at each epoch. Negative α needs a warm-up (protocol.md §1):
// without it training collapses. Two warm-ups, both scaled to the run's length E:
// - reference: the original implementation's schedule, exact at E = 100: α_e = 0 for e < E/2,
//   α·(e + 1 − E/2)/(E − E/2) for E/2 ≤ e < 3E/4 (so it only reaches α/2), then α (a jump, at
//   the epoch of the first LR drop);
// - smooth: 0 for e < E/2, a linear ramp reaching α at e = 3E/4 − 1, then α.
// Positive and zero α are constant from the start (warm-up `none`).
#pragma once
#include <cstdint>
#include <string>

namespace phantom::models {

enum class WarmUp { None, Reference, Smooth };

struct SmoothingSchedule {
  double alpha = 0.0;
  WarmUp warm_up = WarmUp::None;
  int64_t epochs = 1;

  double alpha_at(int64_t epoch) const;  // 0-based epoch
};

// "none", "reference" or "smooth"; a UserError naming `flag` otherwise.
WarmUp parse_warm_up(const std::string& text, const std::string& flag = "--warm-up");
std::string warm_up_name(WarmUp w);
// The default for an α: reference warm-up for negative α, none otherwise.
WarmUp default_warm_up(double alpha);

}  // namespace phantom::models
