// phantom audit: runs the f64 gradcheck of every differentiable op and prints a table.
#include <cstdio>

#include "engine/audit/gradcheck.h"
#include "tools/cli/commands.h"

namespace phantom::cli {

Command add_audit(CLI::App& app) {
  CLI::App* sub =
      app.add_subcommand("audit", "Gradcheck every differentiable op (f64 finite differences)");
  return {sub, [] {
            std::printf("%-16s %-34s %12s %12s  %s\n", "op", "case", "max abs err", "max rel err",
                        "pass");
            size_t ops = 0, passed = 0;
            for (size_t i = 0; i < kOpCount; ++i) {
              Op op = static_cast<Op>(i);
              if (!op_differentiable(op)) continue;
              ++ops;
              std::vector<GradcheckCase> cases = gradcheck_cases(op);
              bool all = !cases.empty();
              if (cases.empty())
                std::printf("%-16s %-34s %12s %12s  %s\n", op_name(op), "(no gradcheck)", "-", "-",
                            "FAIL");
              for (const GradcheckCase& c : cases) {
                GradcheckResult r = c.run();
                all = all && r.passed;
                std::printf("%-16s %-34s %12.3g %12.3g  %s\n", op_name(op), c.name.c_str(),
                            r.max_abs_error, r.max_rel_error, r.passed ? "pass" : "FAIL");
              }
              passed += all;
            }
            std::printf("%zu ops, %zu passed\n", ops, passed);
            return passed == ops ? 0 : 1;
          }};
}

}  // namespace phantom::cli
