// What a StyleGAN2 synthesis pass may vary besides ws: the noise inputs, the modulated-convolution
// formulation, and an optional probe that sees every intermediate under its fixture name.
#pragma once
#include <functional>
#include <string>

#include "engine/core/random.h"
#include "engine/nn/module.h"

namespace phantom::models::stylegan2 {

// const: each layer's fixed noise_const buffer (official generate.py and projector.py);
// random: fresh N(0,1) noise per call and sample; none: no noise input at all.
enum class NoiseMode { Const, Random, None };

// Called with e.g. ("synthesis.b8.conv0.styles", styles): the names of the fixtures' debug.*
// tensors without the "debug." prefix.
using Probe = std::function<void(const std::string& name, const Tensor& value)>;

struct SynthesisOptions {
  NoiseMode noise = NoiseMode::Const;
  phantom::Generator* noise_generator = nullptr;  // required for NoiseMode::Random
  // Fused: one grouped convolution with per-sample weights (the official eval path); unfused:
  // styles scale the activations, one shared-weight convolution, demodulation scales the output
  // (the official training path). Equal up to float rounding.
  bool fused_modconv = true;
  Probe probe;  // may be empty
};

// The StyleGAN2 sub-modules take w (and options) besides x; Module's one-input forward is not
// meaningful for them and says so.
class StyleModule : public nn::Module {
 public:
  Tensor forward(const Tensor&) override {
    PHANTOM_REQUIRE(false, "this StyleGAN2 module needs w: call its forward(x, w, ...)");
    return {};
  }

 protected:
  explicit StyleModule(std::string path) : path_(std::move(path)) {}
  // Full state-dict name of this module ("synthesis.b8.conv0"), for the probe.
  const std::string& path() const { return path_; }
  void probe(const SynthesisOptions& o, const std::string& what, const Tensor& value) const {
    if (o.probe) o.probe(path_ + "." + what, value);
  }

 private:
  std::string path_;
};

}  // namespace phantom::models::stylegan2
