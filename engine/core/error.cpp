#include "engine/core/error.h"

namespace phantom::detail {

void fail_check(const char* file, int line, const char* expr, const std::string& msg) {
  throw InternalError(
      concat(file, ":", line, ": check failed: ", expr, msg.empty() ? "" : ": ", msg));
}

}  // namespace phantom::detail
