// StyleGAN2 training (the official training loop's G main / D main / lazy D R1 phases, without
// path-length regularisation, style mixing or ADA augmentation), resumable exactly. A run
// directory holds:
//   manifest.json            configuration, seed, data partition, command line
//   log.jsonl                one record per `log_every` iterations: G loss, D loss, R1, img/s
//   samples/iter-NNNNNN.png  G_ema on fixed latents (noise 'const')
//   checkpoint.safetensors   G, G_ema, D, both Adam states; step, wall time and log in metadata
//   generator.safetensors    the final G_ema (load_generator reads it) with provenance metadata
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/data/dataset.h"
#include "engine/data/transform_config.h"
#include "models/gan_training/gan_config.h"
#include "models/stylegan2/generator.h"

namespace phantom::models::gan {

struct GanData {
  std::shared_ptr<const data::Dataset> dataset;  // images in [0, 1]
  data::TransformConfig transform;               // must end in [-1, 1] at the GAN's resolution
  nlohmann::json description;                    // for the manifest (source, classes, size)
};

// Generated images [N, C, R, R] in [-1, 1] -> a number (a domain FID); optional.
using ImageMetric = std::function<double(const Tensor& images)>;

struct GanRunOptions {
  bool resume = false;
  double max_seconds = 0;  // > 0: stop (with a checkpoint) once this much wall time has passed
  int64_t log_every = 10;
  ImageMetric fid;        // evaluated on `fid_samples` G_ema images every `fid_every` iterations
  int64_t fid_every = 0;  // 0: only at the end (when `fid` is set)
  int64_t fid_samples = 1000;
  std::string command_line;       // provenance
  Device device = Device::cpu();  // where G, D and G_ema train
};

struct IterationRecord {
  int64_t iteration = 0;  // iterations done when the record was made
  double kimg = 0, g_loss = 0, d_loss = 0, r1_penalty = 0, images_per_second = 0, seconds = 0;
  std::optional<double> fid;
};
nlohmann::json to_json(const IterationRecord& r);

struct GanObserver {
  std::function<void(int64_t done, int64_t total)> on_iteration;
  std::function<void(const IterationRecord&)> on_record;
};

struct GanTrainResult {
  std::shared_ptr<stylegan2::Generator> g_ema;
  int64_t iterations_done = 0;
  double seconds = 0;
  std::optional<double> final_fid;
};

GanTrainResult train_gan(const GanTrainConfig& config, const GanData& data,
                         const std::string& run_dir, const GanRunOptions& options,
                         const GanObserver& observer = {});

}  // namespace phantom::models::gan
