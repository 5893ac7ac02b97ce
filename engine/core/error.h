// Two kinds of failure: a user error (bad flag, file, shape) that the CLI prints as one line, and
// an internal invariant violated (a bug) that names file, line and the failed expression.
#pragma once
#include <sstream>
#include <stdexcept>
#include <string>

namespace phantom {

// A problem with what the user gave us. The message is complete and shown as is.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A broken internal invariant.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {
template <class... Args>
std::string concat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}
[[noreturn]] void fail_check(const char* file, int line, const char* expr, const std::string& msg);
}  // namespace detail

}  // namespace phantom

// PHANTOM_CHECK(cond, message parts...): internal invariant with file, line and expression.
#define PHANTOM_CHECK(cond, ...)                                             \
  do {                                                                       \
    if (!(cond))                                                             \
      ::phantom::detail::fail_check(__FILE__, __LINE__, #cond,               \
                                    ::phantom::detail::concat(__VA_ARGS__)); \
  } while (0)

// PHANTOM_REQUIRE(cond, message parts...): user-facing precondition; throws UserError.
#define PHANTOM_REQUIRE(cond, ...)                                                   \
  do {                                                                               \
    if (!(cond)) throw ::phantom::UserError(::phantom::detail::concat(__VA_ARGS__)); \
  } while (0)
