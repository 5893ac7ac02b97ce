// phantom generate: images from a StyleGAN2-ADA generator (official weights converted with
// tools/python/convert_stylegan2_pkl.py, or a freshly initialised one for tests and demos).
// Latents come from seeds (z = N(0, 1) from the Philox generator keyed by the seed; not the
// official generate.py's numpy seeds) or from a safetensors file holding z, w or ws; --interpolate
// turns them into a w-space interpolation strip. Writes a PNG grid and/or a safetensors file with
// the images (values as the generator gives them, roughly [-1, 1]) and their ws.
#include <chrono>
#include <cstdio>
#include <map>

#include "engine/autograd/node.h"
#include "engine/io/image.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "models/stylegan2/generator.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"
#include "tools/cli/modconv_option.h"

namespace phantom::cli {

namespace {

namespace sg2 = models::stylegan2;

struct GenerateOptions {
  std::string weights, init_config, save_weights;
  uint64_t init_seed = 0;
  std::string seeds = "0-7", latents;
  int64_t class_index = -1;
  double psi = 1.0;
  int64_t cutoff = -1;
  std::string noise = "const", modconv = "unfused";
  uint64_t noise_seed = 0;
  int64_t interpolate = 0;
  std::string png, tensor;
  int64_t columns = 8, batch_size = 16;
  std::string device = "auto";
};

// "0-7" or "1,4,9" (or a mix, "0-3,10").
std::vector<uint64_t> parse_seeds(const std::string& text) {
  std::vector<uint64_t> seeds;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    std::string item = text.substr(start, end == std::string::npos ? end : end - start);
    try {
      size_t dash = item.find('-', 1);
      uint64_t lo = std::stoull(item.substr(0, dash)),
               hi = dash == std::string::npos ? lo : std::stoull(item.substr(dash + 1));
      PHANTOM_REQUIRE(lo <= hi && hi - lo < 100000, "--seeds: bad range '", item, "'");
      for (uint64_t s = lo; s <= hi; ++s) seeds.push_back(s);
    } catch (const std::logic_error&) {
      throw UserError("--seeds: expected numbers or ranges like 0-7,12, found '" + text + "'");
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return seeds;
}

std::shared_ptr<sg2::Generator> make_generator(const GenerateOptions& o) {
  PHANTOM_REQUIRE(o.weights.empty() != o.init_config.empty(),
                  "phantom generate: give exactly one of --weights and --init");
  if (!o.weights.empty()) return sg2::load_generator(o.weights);
  Generator init(o.init_seed);
  auto G = std::make_shared<sg2::Generator>(
      sg2::generator_config_from_json(o.init_config, "--init"), init);
  G->eval();
  return G;
}

// The per-layer latents [N, num_ws, w_dim] the options ask for (before interpolation), on the
// generator's device.
Tensor latents(const GenerateOptions& o, sg2::Generator& G) {
  const Device device = G.device();
  const sg2::GeneratorConfig& c = G.config();
  sg2::Truncation truncation{o.psi, std::nullopt};
  if (o.cutoff >= 0) truncation.cutoff = o.cutoff;
  Tensor z;
  if (o.latents.empty()) {
    std::vector<Tensor> rows;
    for (uint64_t seed : parse_seeds(o.seeds)) rows.push_back(Generator(seed).normal({1, c.z_dim}));
    z = concat(rows, 0).to(device);
  } else {
    SafetensorsFile f = read_safetensors(o.latents);
    auto get = [&](const char* name) {
      auto it = f.tensors.find(name);
      return it == f.tensors.end() ? Tensor() : it->second.to(DType::F32).to(device);
    };
    if (Tensor ws = get("ws"); ws.defined()) return ws;  // used as given: no truncation
    if (Tensor w = get("w"); w.defined()) return G.mapping().broadcast(w, truncation);
    z = get("z");
    PHANTOM_REQUIRE(z.defined(), o.latents, ": expected a tensor named z, w or ws");
  }
  Tensor labels;
  if (c.c_dim > 0) {
    PHANTOM_REQUIRE(o.class_index >= 0 && o.class_index < c.c_dim,
                    "--class: this generator is conditional; give a class in [0, ", c.c_dim, ")");
    labels = one_hot(std::vector<int64_t>(static_cast<size_t>(z.size(0)), o.class_index), c.c_dim)
                 .to(device);
  }
  return G.mapping().forward(z, labels, truncation);
}

// `steps` images from each ws row to the next (linear in w, each layer separately), ending on the
// last row.
Tensor interpolate(const Tensor& ws, int64_t steps) {
  PHANTOM_REQUIRE(ws.size(0) >= 2, "--interpolate: needs at least two latents, found ", ws.size(0));
  std::vector<Tensor> frames;
  for (int64_t i = 0; i + 1 < ws.size(0); ++i) {
    Tensor a = slice(ws, 0, i, i + 1), b = slice(ws, 0, i + 1, i + 2);
    for (int64_t s = 0; s < steps; ++s)
      frames.push_back(a + (b - a) * (static_cast<double>(s) / static_cast<double>(steps)));
  }
  frames.push_back(slice(ws, 0, ws.size(0) - 1, ws.size(0)));
  return concat(frames, 0);
}

int run_generate(const GenerateOptions& o) {
  PHANTOM_REQUIRE(!o.png.empty() || !o.tensor.empty() || !o.save_weights.empty(),
                  "phantom generate: nothing to write; give --png, --tensor or --save-weights");
  PHANTOM_REQUIRE(o.batch_size >= 1 && o.columns >= 1, "--batch-size and --columns must be >= 1");
  auto G = make_generator(o);
  if (!o.save_weights.empty()) {
    sg2::save_generator(*G, o.save_weights);
    std::printf("wrote %s\n", o.save_weights.c_str());
  }
  if (o.png.empty() && o.tensor.empty()) return 0;
  G->to(resolve_device(o.device));

  sg2::SynthesisOptions options;
  Generator noise(o.noise_seed, 1);
  options.noise_generator = &noise;
  if (o.noise == "const")
    options.noise = sg2::NoiseMode::Const;
  else if (o.noise == "random")
    options.noise = sg2::NoiseMode::Random;
  else if (o.noise == "none")
    options.noise = sg2::NoiseMode::None;
  else
    throw UserError("--noise: expected const, random or none, found '" + o.noise + "'");
  options.fused_modconv = parse_fused_modconv(o.modconv);

  NoGradGuard no_grad;
  Tensor ws = latents(o, *G);
  if (o.interpolate > 0) ws = interpolate(ws, o.interpolate);
  const auto start = std::chrono::steady_clock::now();
  std::vector<Tensor> images;
  for (int64_t b = 0; b < ws.size(0); b += o.batch_size)
    images.push_back(G->synthesis()
                         .forward(slice(ws, 0, b, std::min(ws.size(0), b + o.batch_size)), options)
                         .to(Device::cpu()));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Tensor img = concat(images, 0);
  std::printf("%lld images %lldx%lld in %.3f s (%.1f ms per image)\n",
              static_cast<long long>(img.size(0)), static_cast<long long>(img.size(2)),
              static_cast<long long>(img.size(3)), seconds,
              1000.0 * seconds / static_cast<double>(img.size(0)));
  if (!o.png.empty()) {
    const int64_t columns = o.interpolate > 0 ? img.size(0) : o.columns;
    io::write_png_grid(o.png, img, columns, 2, io::PixelRange::MinusOneOne);
    std::printf("wrote %s\n", o.png.c_str());
  }
  if (!o.tensor.empty()) {
    write_safetensors(o.tensor, {{"img", img}, {"ws", ws.to(Device::cpu())}},
                      {{sg2::kGeneratorKwargsKey, sg2::to_json(G->config())}});
    std::printf("wrote %s (img %s)\n", o.tensor.c_str(), img.describe().c_str());
  }
  return 0;
}

}  // namespace

Command add_generate(CLI::App& app) {
  auto o = std::make_shared<GenerateOptions>();
  CLI::App* sub = app.add_subcommand("generate", "Images from a StyleGAN2-ADA generator");
  sub->add_option("--weights", o->weights,
                  "Generator .safetensors with generator_kwargs metadata (see docs/stylegan2.md)");
  sub->add_option("--init", o->init_config,
                  "Instead of --weights: a freshly initialised generator from this "
                  "generator_kwargs JSON (tests, demos)");
  sub->add_option("--init-seed", o->init_seed, "Seed of --init's weights")->capture_default_str();
  sub->add_option("--save-weights", o->save_weights, "Also write the generator's weights here");
  sub->add_option("--seeds", o->seeds, "Latent seeds, e.g. 0-7 or 1,5,9")->capture_default_str();
  sub->add_option("--latents", o->latents,
                  "Instead of --seeds: .safetensors with z [N, z_dim], w [N, w_dim] or "
                  "ws [N, num_ws, w_dim]");
  sub->add_option("--class", o->class_index, "Class of a conditional generator");
  sub->add_option("--psi", o->psi, "Truncation psi (1 = none)")->capture_default_str();
  sub->add_option("--cutoff", o->cutoff, "Truncate only the first N ws (default: all)");
  sub->add_option("--noise", o->noise, "const, random or none")->capture_default_str();
  sub->add_option("--noise-seed", o->noise_seed, "Seed of --noise random")->capture_default_str();
  add_modconv_option(sub, o->modconv);
  sub->add_option("--interpolate", o->interpolate,
                  "Steps between consecutive latents of a w-space interpolation strip (0 = off)");
  sub->add_option("--png", o->png, "Output PNG grid");
  sub->add_option("--tensor", o->tensor, "Output .safetensors with img and ws");
  sub->add_option("--columns", o->columns, "Images per grid row")->capture_default_str();
  sub->add_option("--batch-size", o->batch_size, "Images per forward pass")->capture_default_str();
  add_device_option(sub, o->device);
  return {sub, [o] { return run_generate(*o); }};
}

}  // namespace phantom::cli
