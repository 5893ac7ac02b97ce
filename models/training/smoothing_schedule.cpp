#include "models/training/smoothing_schedule.h"

#include "engine/core/error.h"

namespace phantom::models {

double SmoothingSchedule::alpha_at(int64_t epoch) const {
  const int64_t half = epochs / 2, three_quarters = 3 * epochs / 4;
  switch (warm_up) {
    case WarmUp::None:
      return alpha;
    case WarmUp::Reference:
      if (epoch < half) return 0.0;
      if (epoch < three_quarters)
        return alpha * static_cast<double>(epoch + 1 - half) / static_cast<double>(epochs - half);
      return alpha;
    case WarmUp::Smooth:
      if (epoch < half) return 0.0;
      if (epoch < three_quarters)
        return alpha * static_cast<double>(epoch + 1 - half) /
               static_cast<double>(three_quarters - half);
      return alpha;
  }
  return alpha;
}

WarmUp parse_warm_up(const std::string& text, const std::string& flag) {
  if (text == "none") return WarmUp::None;
  if (text == "reference") return WarmUp::Reference;
  if (text == "smooth") return WarmUp::Smooth;
  throw UserError(detail::concat(flag, ": expected none, reference or smooth, found '", text, "'"));
}

std::string warm_up_name(WarmUp w) {
  switch (w) {
    case WarmUp::None:
      return "none";
    case WarmUp::Reference:
      return "reference";
    case WarmUp::Smooth:
      return "smooth";
  }
  return "?";
}

WarmUp default_warm_up(double alpha) {
  return alpha < 0 ? WarmUp::Reference : WarmUp::None;
}

}  // namespace phantom::models
