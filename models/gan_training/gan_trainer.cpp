#include "models/gan_training/gan_trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/autograd/node.h"
#include "engine/data/loader.h"
#include "engine/io/atomic_file.h"
#include "engine/io/image.h"
#include "engine/io/safetensors.h"
#include "engine/ops/shape_ops.h"
#include "engine/optim/adam.h"
#include "kernels/conv.h"
#include "models/gan_training/gan_losses.h"
#include "models/stylegan2/discriminator_file.h"

namespace phantom::models::gan {

namespace {

using stylegan2::Discriminator;
using stylegan2::Generator;

constexpr const char* kCheckpointFormat = "phantom-gan-checkpoint-v1";
// Philox streams of the GAN's own randomness. The data loader keys its streams by epoch and
// sample below 2^63 or with bit 63 alone; these have bits 63 and 62 set, so none coincide.
constexpr uint64_t kStreamBase = uint64_t{3} << 62;
constexpr uint64_t kInitStream = kStreamBase;
constexpr uint64_t kSampleStream = kStreamBase + 1;
constexpr uint64_t kFidStream = kStreamBase + 2;
constexpr uint64_t kStepStreams = kStreamBase + 16;  // + iteration: latents and noise of a step

std::string path_in(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

// The configuration a resume must repeat: everything but the length of the run.
nlohmann::json resumable_config(const GanTrainConfig& c) {
  nlohmann::json j = to_json(c);
  j.erase("iterations");
  return j;
}

void set_requires_grad(const nn::Module& m, bool on) {
  for (Tensor p : m.parameters()) p.set_requires_grad(on);
}

// Official training-mode mapping: w_avg tracks the batch mean of w with factor w_avg_beta. Computed
// on the host in double (any device): the values the shipped generator was trained with.
void track_w_avg(Generator& g, const Tensor& w) {
  const double beta = g.config().mapping.w_avg_beta;
  const int64_t n = w.size(0), dim = w.size(1);
  const std::vector<float> values = w.to_floats();
  Tensor& w_avg = g.mapping().w_avg;
  std::vector<float> avg = w_avg.to_floats();
  for (int64_t j = 0; j < dim; ++j) {
    double m = 0;
    for (int64_t i = 0; i < n; ++i) m += values[static_cast<size_t>(i * dim + j)];
    avg[size_t(j)] +=
        static_cast<float>((m / static_cast<double>(n) - avg[size_t(j)]) * (1 - beta));
  }
  w_avg.copy_from(Tensor::from_floats(avg, w_avg.shape()));
}

// G as the official training loop runs it: train mode (unfused modulated convolution, w_avg
// tracking) and fresh random noise.
Tensor run_generator(Generator& g, const Tensor& z, phantom::Generator& rng) {
  Tensor w = g.mapping().map(z, Tensor());
  track_w_avg(g, w);
  stylegan2::SynthesisOptions options;
  options.noise = stylegan2::NoiseMode::Random;
  options.noise_generator = &rng;
  options.fused_modconv = false;
  return g.synthesis().forward(g.mapping().broadcast(w), options);
}

// G_ema's images of `z` (eval: const noise, fused), in batches, without a tape, on the CPU.
Tensor generate_eval(Generator& g_ema, const Tensor& z, int64_t batch) {
  NoGradGuard no_grad;
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < z.size(0); i += batch)
    parts.push_back(g_ema
                        .generate(slice(z, 0, i, std::min(z.size(0), i + batch)).to(g_ema.device()),
                                  Tensor(), {}, {})
                        .to(Device::cpu()));
  return parts.size() == 1 ? parts[0] : concat(parts, 0);
}

// Official G_ema update: half-life ema_kimg·1000 images (ramped up to rampup·images seen), then
// p_ema ← p + β (p_ema − p) with β = 0.5^(batch / half-life); buffers are copied. Computed on the
// host in double (any device; a copy of G's million or so parameters per iteration).
void update_ema(const Generator& g, const Generator& g_ema, const GanTrainConfig& c,
                int64_t images_seen) {
  double half_life = c.ema_kimg * 1000;
  if (c.ema_rampup > 0)
    half_life = std::min(half_life, static_cast<double>(images_seen) * c.ema_rampup);
  const double beta = std::pow(0.5, static_cast<double>(c.batch_size) / std::max(half_life, 1e-8));
  nn::NamedTensors params = g.named_parameters(), ema = g_ema.named_parameters();
  PHANTOM_CHECK(params.size() == ema.size(), "G and G_ema differ");
  for (size_t k = 0; k < params.size(); ++k) {
    const std::vector<float> p = params[k].second.to_floats();
    std::vector<float> e = ema[k].second.to_floats();
    for (size_t i = 0; i < p.size(); ++i) e[i] = static_cast<float>(p[i] + beta * (e[i] - p[i]));
    ema[k].second.copy_from(Tensor::from_floats(e, ema[k].second.shape()));
  }
  nn::NamedTensors buffers = g.named_buffers(), ema_buffers = g_ema.named_buffers();
  for (size_t k = 0; k < buffers.size(); ++k) ema_buffers[k].second.copy_from(buffers[k].second);
}

struct Models {
  std::shared_ptr<Generator> g, g_ema;
  std::shared_ptr<Discriminator> d;
  std::unique_ptr<optim::Adam> g_opt, d_opt;
};

// The networks (initialised on the CPU, then moved) and their optimisers, on `device`.
Models build(const GanTrainConfig& c, Device device) {
  phantom::Generator init(c.seed, kInitStream);
  Models m;
  m.g = std::make_shared<Generator>(c.generator, init);
  m.d = std::make_shared<Discriminator>(c.discriminator, init);
  phantom::Generator unused(0);
  m.g_ema = std::make_shared<Generator>(c.generator, unused);
  m.g_ema->load_state_dict(m.g->state_dict());
  m.g_ema->eval();
  m.g->to(device);
  m.d->to(device);
  m.g_ema->to(device);
  m.g_opt = std::make_unique<optim::Adam>(
      m.g->parameters(),
      optim::AdamOptions{.lr = c.g_lr, .beta1 = c.beta1, .beta2 = c.beta2, .eps = c.adam_eps});
  // Lazy regularisation (official): D's optimiser also takes the R1 steps, so its lr and betas
  // are adjusted by interval / (interval + 1) to keep the effective per-image rates.
  const double ratio = static_cast<double>(c.r1_interval) / static_cast<double>(c.r1_interval + 1);
  m.d_opt = std::make_unique<optim::Adam>(m.d->parameters(),
                                          optim::AdamOptions{.lr = c.d_lr * ratio,
                                                             .beta1 = std::pow(c.beta1, ratio),
                                                             .beta2 = std::pow(c.beta2, ratio),
                                                             .eps = c.adam_eps});
  return m;
}

struct RunState {
  int64_t step = 0;
  double seconds = 0;  // wall time of all sessions before this one
  std::vector<IterationRecord> log;
};

IterationRecord record_from_json(const nlohmann::json& j) {
  IterationRecord r;
  r.iteration = j.at("iteration"), r.kimg = j.at("kimg"), r.g_loss = j.at("g_loss");
  r.d_loss = j.at("d_loss"), r.r1_penalty = j.at("r1_penalty");
  r.images_per_second = j.at("images_per_second"), r.seconds = j.at("seconds");
  if (j.contains("fid")) r.fid = j.at("fid").get<double>();
  return r;
}

void write_log(const std::string& run_dir, const std::vector<IterationRecord>& log) {
  std::string text;
  for (const IterationRecord& r : log) text += to_json(r).dump() + "\n";
  write_file_atomically(path_in(run_dir, "log.jsonl"), text);
}

void write_checkpoint(const std::string& path, const GanTrainConfig& c, const Models& m,
                      const RunState& s) {
  std::map<std::string, Tensor> tensors;
  auto add = [&](const std::string& prefix, const std::map<std::string, Tensor>& state) {
    for (const auto& [name, t] : state) tensors[prefix + name] = t;
  };
  add("G.", m.g->state_dict());
  add("G_ema.", m.g_ema->state_dict());
  add("D.", m.d->state_dict());
  add("G_opt.", m.g_opt->state_dict());
  add("D_opt.", m.d_opt->state_dict());
  nlohmann::json log = nlohmann::json::array();
  for (const IterationRecord& r : s.log) log.push_back(to_json(r));
  write_safetensors(path, tensors,
                    {{"format", kCheckpointFormat},
                     {"config", resumable_config(c).dump()},
                     {"iterations_done", std::to_string(s.step)},
                     {"seconds", std::to_string(s.seconds)},
                     // Every random draw of iteration k comes from Philox stream (seed, base + k),
                     // so the step count is the whole RNG state.
                     {"rng", "philox streams keyed by (seed, iteration)"},
                     {"log", log.dump()}});
}

RunState restore(const std::string& path, const GanTrainConfig& c, Models& m) {
  PHANTOM_REQUIRE(std::filesystem::exists(path), "--resume: no checkpoint at ", path);
  SafetensorsFile file = read_safetensors(path);
  auto meta = [&](const char* key) {
    auto it = file.metadata.find(key);
    PHANTOM_REQUIRE(it != file.metadata.end(), path, ": not a phantom GAN checkpoint (no '", key,
                    "' metadata)");
    return it->second;
  };
  PHANTOM_REQUIRE(meta("format") == kCheckpointFormat, path, ": unknown checkpoint format '",
                  meta("format"), "'");
  PHANTOM_REQUIRE(nlohmann::json::parse(meta("config")) == resumable_config(c), path,
                  ": the checkpoint was written with a different configuration; resume with the "
                  "same flags (only --iterations/--minutes may change)");
  std::map<std::string, std::map<std::string, Tensor>> parts;
  for (const auto& [name, t] : file.tensors) {
    const size_t dot = name.find('.');
    parts[name.substr(0, dot)][name.substr(dot + 1)] = t;
  }
  m.g->load_state_dict(parts["G"]);
  m.g_ema->load_state_dict(parts["G_ema"]);
  m.d->load_state_dict(parts["D"]);
  m.g_opt->load_state_dict(parts["G_opt"]);
  m.d_opt->load_state_dict(parts["D_opt"]);
  RunState s;
  s.step = std::stoll(meta("iterations_done"));
  s.seconds = std::stod(meta("seconds"));
  for (const auto& j : nlohmann::json::parse(meta("log"))) s.log.push_back(record_from_json(j));
  return s;
}

void write_manifest(const std::string& run_dir, const GanTrainConfig& c, const GanData& data,
                    const GanRunOptions& o) {
  nlohmann::json j = {{"format", "phantom-gan-run-v1"},
                      {"seed", c.seed},
                      {"config", to_json(c)},
                      {"data", data.description},
                      {"command_line", o.command_line},
                      {"max_seconds", o.max_seconds},
                      {"fid", static_cast<bool>(o.fid)},
                      {"cpu_conv", kernels::cpu::conv_algorithm_name()}};
  write_file_atomically(path_in(run_dir, "manifest.json"), j.dump(2) + "\n");
}

}  // namespace

nlohmann::json to_json(const IterationRecord& r) {
  nlohmann::json j = {{"iteration", r.iteration},   {"kimg", r.kimg},
                      {"g_loss", r.g_loss},         {"d_loss", r.d_loss},
                      {"r1_penalty", r.r1_penalty}, {"images_per_second", r.images_per_second},
                      {"seconds", r.seconds}};
  if (r.fid) j["fid"] = *r.fid;
  return j;
}

GanTrainResult train_gan(const GanTrainConfig& c, const GanData& data, const std::string& run_dir,
                         const GanRunOptions& o, const GanObserver& observer) {
  validate(c);
  PHANTOM_REQUIRE(data.dataset && data.dataset->size() >= c.batch_size,
                  "train-gan: the data has fewer images than one batch (", c.batch_size, ")");
  std::filesystem::create_directories(path_in(run_dir, "samples"));
  Models m = build(c, o.device);
  const std::string checkpoint = path_in(run_dir, "checkpoint.safetensors");
  RunState s = o.resume ? restore(checkpoint, c, m) : RunState{};
  if (!o.resume) write_manifest(run_dir, c, data, o);

  data::DataLoader loader(data.dataset, data::build_pipeline(data.transform),
                          {.batch_size = c.batch_size, .drop_last = true, .seed = c.seed});
  const int64_t per_epoch = loader.batches_per_epoch();
  const Tensor sample_z =
      phantom::Generator(c.seed, kSampleStream).normal({c.sample_count, c.generator.z_dim});
  auto fid_now = [&]() {
    const Tensor z =
        phantom::Generator(c.seed, kFidStream).normal({o.fid_samples, c.generator.z_dim});
    return o.fid(generate_eval(*m.g_ema, z, c.batch_size));
  };
  auto write_samples = [&] {
    char name[64];
    std::snprintf(name, sizeof name, "iter-%06lld.png", static_cast<long long>(s.step));
    const int64_t per_row = static_cast<int64_t>(std::ceil(std::sqrt(c.sample_count)));
    io::write_png_grid(path_in(run_dir, std::string("samples/").append(name)),
                       generate_eval(*m.g_ema, sample_z, c.batch_size), per_row, 2,
                       io::PixelRange::MinusOneOne);
  };

  const auto session_start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return s.seconds +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - session_start).count();
  };
  std::optional<data::EpochReader> reader;
  int64_t reader_epoch = -1;
  double g_sum = 0, d_sum = 0, last_r1 = s.log.empty() ? 0 : s.log.back().r1_penalty;
  int64_t in_record = 0;
  double record_start = elapsed();
  if (s.step == 0) write_samples();
  while (s.step < c.iterations && !(o.max_seconds > 0 && elapsed() >= o.max_seconds)) {
    const int64_t epoch = s.step / per_epoch;
    if (epoch != reader_epoch) {
      reader.reset();  // joins the old prefetch thread before the next one starts
      reader.emplace(loader.epoch(epoch, s.step % per_epoch));
      reader_epoch = epoch;
    }
    std::optional<data::Batch> batch = reader->next();
    PHANTOM_CHECK(batch.has_value(), "the loader ran out within an epoch");
    phantom::Generator rng(c.seed, kStepStreams + static_cast<uint64_t>(s.step));

    // D sees every image through the same kind of random augmentation (none by default).
    auto d_of = [&](const Tensor& images, phantom::Generator& draws) {
      return m.d->forward(diff_augment(images, c.augment, draws));
    };

    // G main: D's parameters do not need gradients here, only its input does.
    set_requires_grad(*m.d, false);
    m.g_opt->zero_grad();
    const Tensor reals = batch->images.to(o.device);
    Tensor fake =
        run_generator(*m.g, rng.normal({c.batch_size, c.generator.z_dim}).to(o.device), rng);
    Tensor g_loss = generator_loss(d_of(fake, rng));
    g_loss.backward();
    m.g_opt->step();
    set_requires_grad(*m.d, true);

    // D main.
    Tensor fake_for_d;
    {
      NoGradGuard no_grad;
      fake_for_d =
          run_generator(*m.g, rng.normal({c.batch_size, c.generator.z_dim}).to(o.device), rng);
    }
    m.d_opt->zero_grad();
    Tensor d_loss = discriminator_loss(d_of(fake_for_d, rng), d_of(reals, rng));
    d_loss.backward();
    m.d_opt->step();

    // Lazy R1 (official: on the first D step and every r1_interval-th after it).
    if (c.r1_gamma > 0 && s.step % c.r1_interval == 0) {
      m.d_opt->zero_grad();
      // The finite-difference estimator evaluates D several times: each evaluation augments
      // with the same draws (a copy of the step's generator at this point).
      const phantom::Generator r1_draws = rng;
      Critic critic = [&](const Tensor& x) {
        phantom::Generator draws = r1_draws;
        return d_of(x, draws);
      };
      last_r1 = accumulate_r1_gradient(critic, m.d->parameters(), reals,
                                       {.gamma = c.r1_gamma,
                                        .weight = static_cast<double>(c.r1_interval),
                                        .fd_step = c.r1_fd_step});
      m.d_opt->step();
    }
    update_ema(*m.g, *m.g_ema, c, s.step * c.batch_size);

    const double gl = g_loss.item(), dl = d_loss.item();
    PHANTOM_REQUIRE(std::isfinite(gl) && std::isfinite(dl), "GAN training diverged at iteration ",
                    s.step, " (G loss ", gl, ", D loss ", dl,
                    "); the last good checkpoint is kept at ", checkpoint);
    g_sum += gl, d_sum += dl, ++in_record;
    ++s.step;
    if (observer.on_iteration) observer.on_iteration(s.step, c.iterations);

    const bool last = s.step == c.iterations;
    const bool fid_due = o.fid && (last || (o.fid_every > 0 && s.step % o.fid_every == 0));
    if (s.step % o.log_every == 0 || last || fid_due) {
      IterationRecord r;
      r.iteration = s.step;
      r.kimg = static_cast<double>(s.step * c.batch_size) / 1000;
      r.g_loss = g_sum / static_cast<double>(in_record);
      r.d_loss = d_sum / static_cast<double>(in_record);
      r.r1_penalty = last_r1;
      r.seconds = elapsed();
      r.images_per_second =
          static_cast<double>(in_record * c.batch_size) / std::max(r.seconds - record_start, 1e-9);
      if (fid_due) r.fid = fid_now();
      s.log.push_back(r);
      write_log(run_dir, s.log);
      if (observer.on_record) observer.on_record(r);
      g_sum = d_sum = 0, in_record = 0, record_start = elapsed();
    }
    // The end of the run writes both once more below.
    if (!last && c.sample_every > 0 && s.step % c.sample_every == 0) write_samples();
    if (!last && c.checkpoint_every > 0 && s.step % c.checkpoint_every == 0) {
      RunState snapshot = s;
      snapshot.seconds = elapsed();
      write_checkpoint(checkpoint, c, m, snapshot);
    }
  }
  reader.reset();
  s.seconds = elapsed();
  write_checkpoint(checkpoint, c, m, s);
  write_samples();

  GanTrainResult result{m.g_ema, s.step, s.seconds, std::nullopt};
  // The last record holds the final FID unless the run had already finished before (a resume
  // of a finished run then measures it now).
  if (o.fid)
    result.final_fid = !s.log.empty() && s.log.back().iteration == s.step && s.log.back().fid
                           ? *s.log.back().fid
                           : fid_now();
  nlohmann::json provenance = {{"command_line", o.command_line},
                               {"seed", c.seed},
                               {"data", data.description},
                               {"iterations", s.step},
                               {"kimg", static_cast<double>(s.step * c.batch_size) / 1000},
                               {"wall_seconds", s.seconds},
                               {"training_config", to_json(c)}};
  if (result.final_fid) provenance["final_fid"] = *result.final_fid;
  stylegan2::save_generator(*m.g_ema, path_in(run_dir, "generator.safetensors"),
                            {{"provenance", provenance.dump()}});
  // The final D, for the attack's optional realism term (its provenance is the generator's).
  stylegan2::save_discriminator(*m.d, path_in(run_dir, "discriminator.safetensors"),
                                {{"provenance", provenance.dump()}});
  return result;
}

}  // namespace phantom::models::gan
