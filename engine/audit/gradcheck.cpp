#include "engine/audit/gradcheck.h"

#include <cmath>
#include <sstream>

#include "engine/autograd/node.h"
#include "engine/ops/arithmetic.h"

namespace phantom {

namespace {

// A small LCG: test inputs need determinism, not statistical quality, and must not depend on
// the engine's RNG that is itself under test.
double lcg_uniform(uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0);
}

double weighted_sum(const Tensor& y, const Tensor& r) {
  double s = 0;
  const double* py = y.data<double>();
  const double* pr = r.data<double>();
  for (int64_t i = 0; i < y.numel(); ++i) s += py[i] * pr[i];
  return s;
}

}  // namespace

Tensor random_input(const Shape& shape, uint64_t seed, double lo, double hi, bool requires_grad) {
  Tensor t = Tensor::empty(shape, DType::F64);
  uint64_t state = seed * 2654435761ULL + 12345;
  double* p = t.data<double>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = lo + (hi - lo) * lcg_uniform(state);
  t.set_requires_grad(requires_grad);
  return t;
}

GradcheckResult gradcheck(const OpUnderTest& f, const std::vector<Tensor>& inputs,
                          const GradcheckOptions& options) {
  for (const Tensor& t : inputs)
    PHANTOM_CHECK(t.dtype() == DType::F64 && t.device().is_cpu(), "gradcheck needs f64 CPU inputs");
  Tensor y = f(inputs);
  Tensor r = random_input(y.shape(), 777, -1.0, 1.0, false);
  for (const Tensor& t : inputs) const_cast<Tensor&>(t).zero_grad();
  y.backward(r);

  GradcheckResult res;
  std::ostringstream where;
  for (size_t k = 0; k < inputs.size(); ++k) {
    const Tensor& x = inputs[k];
    if (!x.requires_grad()) continue;
    Tensor analytic = x.grad();
    double* px = x.data<double>();
    for (int64_t i = 0; i < x.numel(); ++i) {
      double a = analytic.defined() ? analytic.data<double>()[i] : 0.0;
      double saved = px[i];
      double plus, minus;
      {
        NoGradGuard ng;
        px[i] = saved + options.eps;
        plus = weighted_sum(f(inputs), r);
        px[i] = saved - options.eps;
        minus = weighted_sum(f(inputs), r);
        px[i] = saved;
      }
      double n = (plus - minus) / (2 * options.eps);
      double abs_err = std::abs(a - n);
      double rel_err = abs_err / std::max(1.0, std::abs(n));
      if (!(rel_err <= res.max_rel_error)) {  // also catches NaN
        where.str("");
        where << "input " << k << " element " << i << ": analytic " << a << ", numeric " << n;
        res.detail = where.str();
      }
      res.max_abs_error = std::max(res.max_abs_error, std::isnan(abs_err) ? INFINITY : abs_err);
      res.max_rel_error = std::max(res.max_rel_error, std::isnan(rel_err) ? INFINITY : rel_err);
    }
  }
  res.passed = res.max_rel_error <= options.tolerance;
  return res;
}

}  // namespace phantom
