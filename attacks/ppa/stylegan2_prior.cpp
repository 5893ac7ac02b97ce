#include "attacks/ppa/stylegan2_prior.h"

namespace phantom::attacks {

namespace sg2 = models::stylegan2;

StyleGan2Prior::StyleGan2Prior(std::shared_ptr<sg2::Generator> generator)
    : generator_(std::move(generator)) {
  PHANTOM_REQUIRE(
      generator_->config().c_dim == 0,
      "attack: the generator must be unconditional, found c_dim = ", generator_->config().c_dim);
  generator_->eval();
  for (Tensor& p : generator_->parameters()) p.set_requires_grad(false);
}

int64_t StyleGan2Prior::z_dim() const {
  return generator_->config().z_dim;
}
int64_t StyleGan2Prior::w_dim() const {
  return generator_->config().w_dim;
}
int64_t StyleGan2Prior::num_ws() const {
  return generator_->config().num_ws();
}

Tensor StyleGan2Prior::map(const Tensor& z, double psi, int64_t cutoff) {
  sg2::Truncation t{.psi = psi, .cutoff = {}};
  if (cutoff >= 0) t.cutoff = cutoff;
  return generator_->mapping().forward(z, Tensor(), t);
}

Tensor StyleGan2Prior::synthesize(const Tensor& ws) {
  return generator_->synthesis().forward(ws, sg2::SynthesisOptions{});
}

}  // namespace phantom::attacks
