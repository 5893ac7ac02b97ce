#include "attacks/ppa/stylegan2_prior.h"

#include <algorithm>

#include "engine/ops/shape_ops.h"

namespace phantom::attacks {

namespace sg2 = models::stylegan2;

StyleGan2Prior::StyleGan2Prior(std::shared_ptr<sg2::Generator> generator, bool fused_modconv,
                               std::shared_ptr<sg2::Discriminator> discriminator)
    : generator_(std::move(generator)), discriminator_(std::move(discriminator)) {
  synthesis_.fused_modconv = fused_modconv;
  const sg2::GeneratorConfig& g = generator_->config();
  PHANTOM_REQUIRE(g.c_dim == 0,
                  "attack: the generator must be unconditional, found c_dim = ", g.c_dim);
  generator_->eval();
  for (Tensor& p : generator_->parameters()) p.set_requires_grad(false);
  if (!discriminator_) return;
  const sg2::DiscriminatorConfig& d = discriminator_->config();
  PHANTOM_REQUIRE(d.img_resolution == g.img_resolution && d.img_channels == g.img_channels,
                  "attack: the discriminator reads ", d.img_channels, "x", d.img_resolution, "x",
                  d.img_resolution, " images but the generator makes ", g.img_channels, "x",
                  g.img_resolution, "x", g.img_resolution);
  discriminator_->to(generator_->device());
  discriminator_->eval();
  for (Tensor& p : discriminator_->parameters()) p.set_requires_grad(false);
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
  return generator_->mapping().forward(z.to(device()), Tensor(), t);
}

Tensor StyleGan2Prior::synthesize(const Tensor& ws) {
  return generator_->synthesis().forward(ws.to(device()), synthesis_);
}

Tensor StyleGan2Prior::realism_logits(const Tensor& images) {
  if (!discriminator_) return Tensor();
  const Tensor x = images.to(device());
  // The minibatch-std layer groups the batch and needs it divisible by the group size; the
  // remainder of a batch forms one smaller group of its own, as a batch of that size would.
  const int64_t n = x.size(0);
  const int64_t group =
      std::min(std::max<int64_t>(discriminator_->config().mbstd_group_size, 1), n);
  const int64_t whole = n - n % group;
  if (whole == n) return (*discriminator_)(x);
  return concat(
      {(*discriminator_)(slice(x, 0, 0, whole)), (*discriminator_)(slice(x, 0, whole, n))}, 0);
}

}  // namespace phantom::attacks
