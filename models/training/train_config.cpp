#include "models/training/train_config.h"

#include "engine/core/error.h"

namespace phantom::models {

namespace {

nlohmann::json transform_json(const data::TransformConfig& t) {
  return {{"resize", {t.resize_height, t.resize_width}},
          {"pad", t.pad},
          {"center_crop", {t.center_crop_height, t.center_crop_width}},
          {"random_crop", {t.random_crop_height, t.random_crop_width}},
          {"random_crop_scale", {t.random_crop_scale.lo, t.random_crop_scale.hi}},
          {"random_crop_ratio", {t.random_crop_ratio.lo, t.random_crop_ratio.hi}},
          {"hflip", t.hflip_probability},
          {"jitter", {t.brightness, t.contrast, t.saturation, t.hue}},
          {"normalize", t.normalize}};
}

data::TransformConfig transform_from_json(const nlohmann::json& j) {
  data::TransformConfig t;
  t.resize_height = j.at("resize")[0], t.resize_width = j.at("resize")[1];
  t.pad = j.at("pad");
  t.center_crop_height = j.at("center_crop")[0], t.center_crop_width = j.at("center_crop")[1];
  t.random_crop_height = j.at("random_crop")[0], t.random_crop_width = j.at("random_crop")[1];
  t.random_crop_scale = {j.at("random_crop_scale")[0], j.at("random_crop_scale")[1]};
  t.random_crop_ratio = {j.at("random_crop_ratio")[0], j.at("random_crop_ratio")[1]};
  t.hflip_probability = j.at("hflip");
  t.brightness = j.at("jitter")[0], t.contrast = j.at("jitter")[1];
  t.saturation = j.at("jitter")[2], t.hue = j.at("jitter")[3];
  t.normalize = j.at("normalize");
  return t;
}

}  // namespace

nlohmann::json to_json(const TrainConfig& c) {
  return {{"model",
           {{"arch", c.model.arch},
            {"width", c.model.width},
            {"in_channels", c.model.in_channels},
            {"num_classes", c.model.num_classes},
            {"bn_eps", c.model.bn.eps},
            {"bn_momentum", c.model.bn.momentum}}},
          {"alpha", c.alpha},
          {"warm_up", warm_up_name(c.warm_up)},
          {"optimizer", c.optimizer},
          {"lr", c.lr},
          {"momentum", c.momentum},
          {"weight_decay", c.weight_decay},
          {"nesterov", c.nesterov},
          {"betas", {c.beta1, c.beta2}},
          {"lr_schedule", c.lr_schedule},
          {"milestones", c.milestones},
          {"gamma", c.gamma},
          {"epochs", c.epochs},
          {"batch_size", c.batch_size},
          {"seed", c.seed},
          {"train_transform", transform_json(c.train_transform)},
          {"test_transform", transform_json(c.test_transform)}};
}

TrainConfig train_config_from_json(const nlohmann::json& j, const std::string& what) {
  try {
    TrainConfig c;
    const auto& m = j.at("model");
    c.model.arch = m.at("arch");
    c.model.width = m.at("width");
    c.model.in_channels = m.at("in_channels");
    c.model.num_classes = m.at("num_classes");
    c.model.bn.eps = m.at("bn_eps");
    c.model.bn.momentum = m.at("bn_momentum");
    c.alpha = j.at("alpha");
    c.warm_up = parse_warm_up(j.at("warm_up"), what + ": warm_up");
    c.optimizer = j.at("optimizer");
    c.lr = j.at("lr");
    c.momentum = j.at("momentum");
    c.weight_decay = j.at("weight_decay");
    c.nesterov = j.at("nesterov");
    c.beta1 = j.at("betas")[0], c.beta2 = j.at("betas")[1];
    c.lr_schedule = j.at("lr_schedule");
    c.milestones = j.at("milestones").get<std::vector<double>>();
    c.gamma = j.at("gamma");
    c.epochs = j.at("epochs");
    c.batch_size = j.at("batch_size");
    c.seed = j.at("seed");
    c.train_transform = transform_from_json(j.at("train_transform"));
    c.test_transform = transform_from_json(j.at("test_transform"));
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw UserError(detail::concat(what, ": not a valid training configuration (", e.what(), ")"));
  }
}

void validate(const TrainConfig& c) {
  PHANTOM_REQUIRE(c.alpha <= 1.0, "--alpha: label smoothing must be <= 1, found ", c.alpha);
  PHANTOM_REQUIRE(c.epochs >= 1, "--epochs: expected at least 1, found ", c.epochs);
  PHANTOM_REQUIRE(c.batch_size >= 1, "--batch-size: expected at least 1, found ", c.batch_size);
  PHANTOM_REQUIRE(c.lr > 0, "--lr: expected a positive learning rate, found ", c.lr);
  PHANTOM_REQUIRE(c.optimizer == "sgd" || c.optimizer == "adam" || c.optimizer == "adamw",
                  "--optimizer: expected sgd, adam or adamw, found '", c.optimizer, "'");
  PHANTOM_REQUIRE(
      c.lr_schedule == "none" || c.lr_schedule == "cosine" || c.lr_schedule == "multistep",
      "--lr-schedule: expected none, cosine or multistep, found '", c.lr_schedule, "'");
  for (double m : c.milestones)
    PHANTOM_REQUIRE(m > 0 && m < 1, "--milestones: expected fractions of the run in (0, 1), found ",
                    m);
}

}  // namespace phantom::models
