#include "models/gan_training/gan_data.h"

#include <algorithm>
#include <memory>

#include "engine/core/error.h"

namespace phantom::models::gan {

int64_t gan_resolution(const data::Dataset& ds, const std::string& what) {
  int64_t resolution = 8;
  while (resolution < std::max(ds.height(), ds.width())) resolution *= 2;
  PHANTOM_REQUIRE(ds.height() == ds.width() && (resolution - ds.height()) % 2 == 0, what, ": ",
                  ds.source, " has ", ds.height(), "x", ds.width(),
                  " images; a GAN needs square images whose size pads evenly to a power of 2");
  return resolution;
}

GanData make_gan_data(data::Dataset ds, bool mirror, nlohmann::json description,
                      GanTrainConfig& config, const std::string& what) {
  const int64_t resolution = gan_resolution(ds, what);
  config.generator.img_resolution = config.discriminator.img_resolution = resolution;
  config.generator.img_channels = config.discriminator.img_channels = ds.channels();
  GanData data;
  data.transform.pad = (resolution - ds.height()) / 2;
  data.transform.hflip_probability = mirror ? 0.5 : 0.0;
  data.transform.normalize = true;
  description["images"] = ds.size();
  description["pad"] = data.transform.pad;
  description["mirror"] = mirror;
  data.description = std::move(description);
  data.dataset = std::make_shared<const data::Dataset>(std::move(ds));
  return data;
}

}  // namespace phantom::models::gan
