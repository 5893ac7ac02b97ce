// The message of the UserError that `f` throws, or "(no error)" when it throws none: for tests of
// one-line errors, which check what the message names.
#pragma once
#include <functional>
#include <string>

#include "engine/core/error.h"

namespace phantom::testing {

inline std::string user_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace phantom::testing
