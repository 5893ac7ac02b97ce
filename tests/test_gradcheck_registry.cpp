// Walks the compiler-checked op list: every differentiable op must have at least one f64
// gradcheck case, and every case must pass.
#include <doctest/doctest.h>

#include "engine/audit/gradcheck.h"
#include "engine/ops/arithmetic.h"

using namespace phantom;

TEST_CASE("every differentiable op has passing gradchecks") {
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    std::vector<GradcheckCase> cases = gradcheck_cases(op);
    std::string name = op_name(op);
    CAPTURE(name);
    if (!op_differentiable(op)) {
      CHECK(cases.empty());
      continue;
    }
    CHECK_MESSAGE(!cases.empty(), "op ", name, " has no gradcheck case");
    for (const GradcheckCase& c : cases) {
      GradcheckResult r = c.run();
      CHECK_MESSAGE(r.passed, name, " / ", c.name, ": max rel error ", r.max_rel_error, " at ",
                    r.detail);
    }
  }
}

TEST_CASE("gradcheck detects a wrong backward") {
  // A deliberately wrong gradient (hook doubles it) must be caught: the checker can fail.
  Tensor x = random_input({3}, 1);
  GradcheckResult r = gradcheck(
      [](const std::vector<Tensor>& in) {
        Tensor y = in[0] * in[0];
        y.register_hook([](const Tensor& g) { return g * 2.0; });
        return y;
      },
      {x});
  CHECK_FALSE(r.passed);
}
