// phantom infer: a trained classifier applied to a safetensors tensor or to image files. Prints a
// table (file/index, prediction, confidence) or writes logits, probabilities, predictions or
// penultimate features to a safetensors file.
#include <cstdio>
#include <filesystem>

#include "engine/autograd/node.h"
#include "engine/data/transform_config.h"
#include "engine/io/image.h"
#include "engine/io/safetensors.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/softmax.h"
#include "models/training/calibration.h"
#include "models/training/trainer.h"
#include "tools/cli/commands.h"
#include "tools/cli/device_option.h"

namespace phantom::cli {

namespace {

struct InferOptions {
  std::string weights;
  std::vector<std::string> inputs;  // one .safetensors file, or image files
  std::string tensor_name;          // which tensor of the safetensors input (default: the only one)
  std::string output = "table";     // table | logits | probabilities | predictions | features
  std::string out;                  // safetensors file for the non-table outputs
  int64_t batch_size = 256;
  std::string device = "auto";
};

// Images are brought to the model's input the way its test data was (pad, crop, normalise).
Tensor load_images(const InferOptions& o, const models::TrainConfig& config) {
  data::Pipeline pipeline = data::build_pipeline(config.test_transform);
  Generator unused(0);
  std::vector<Tensor> images;
  for (const std::string& path : o.inputs) {
    Tensor chw =
        pipeline.apply(io::read_image(path, static_cast<int>(config.model.in_channels)), unused);
    images.push_back(reshape(chw, {1, chw.size(0), chw.size(1), chw.size(2)}));
  }
  return concat(images, 0);
}

Tensor load_tensor(const InferOptions& o) {
  SafetensorsFile file = read_safetensors(o.inputs[0]);
  if (o.tensor_name.empty()) {
    PHANTOM_REQUIRE(file.tensors.size() == 1, o.inputs[0], ": holds ", file.tensors.size(),
                    " tensors; choose one with --tensor");
    return file.tensors.begin()->second;
  }
  auto it = file.tensors.find(o.tensor_name);
  PHANTOM_REQUIRE(it != file.tensors.end(), o.inputs[0], ": no tensor named '", o.tensor_name, "'");
  return it->second;
}

int run_infer(const InferOptions& o) {
  PHANTOM_REQUIRE(!o.inputs.empty(), "phantom infer: give a .safetensors tensor or image files");
  auto [config, model] = models::load_trained_classifier(o.weights);
  bool tensor_input = std::filesystem::path(o.inputs[0]).extension() == ".safetensors";
  Tensor x = (tensor_input ? load_tensor(o) : load_images(o, config)).to(DType::F32);
  PHANTOM_REQUIRE(x.dim() == 4 && x.size(1) == config.model.in_channels,
                  "input: expected images [N, ", config.model.in_channels, ", H, W], found ",
                  x.describe());

  const Device device = resolve_device(o.device);
  model->to(device);
  NoGradGuard no_grad;
  std::vector<Tensor> feats, logits;
  for (int64_t b = 0; b < x.size(0); b += o.batch_size) {
    Tensor f = model->features(x.slice0_view(b, std::min(x.size(0), b + o.batch_size)).to(device));
    feats.push_back(f);
    logits.push_back(model->classify(f));
  }
  Tensor z = concat(logits, 0), p = softmax(z, 1);
  std::vector<double> pv = p.to_vector();
  const int64_t n = z.size(0), c = z.size(1);
  const std::vector<int64_t> predicted = models::predicted_classes(z);
  const std::vector<double> predictions(predicted.begin(), predicted.end());

  if (o.output == "table") {
    std::printf("%-40s %10s %10s\n", "input", "predicted", "confidence");
    for (int64_t i = 0; i < n; ++i) {
      std::string name =
          tensor_input ? "[" + std::to_string(i) + "]" : o.inputs[static_cast<size_t>(i)];
      std::printf("%-40s %10.0f %10.4f\n", name.c_str(), predictions[i],
                  pv[static_cast<size_t>(i * c + static_cast<int64_t>(predictions[i]))]);
    }
    return 0;
  }
  PHANTOM_REQUIRE(!o.out.empty(), "--out: a .safetensors file is needed for --output ", o.output);
  std::map<std::string, Tensor> result;
  if (o.output == "logits")
    result["logits"] = z;
  else if (o.output == "probabilities")
    result["probabilities"] = p;
  else if (o.output == "predictions")
    result["predictions"] = Tensor::from_vector(predictions, {n}, DType::F64);
  else if (o.output == "features")
    result["features"] = concat(feats, 0);
  else
    throw UserError(
        "--output: expected table, logits, probabilities, predictions or features, found '" +
        o.output + "'");
  write_safetensors(o.out, result, {{"weights", o.weights}});
  std::printf("wrote %s (%s)\n", o.out.c_str(), result.begin()->second.describe().c_str());
  return 0;
}

}  // namespace

Command add_infer(CLI::App& app) {
  auto o = std::make_shared<InferOptions>();
  CLI::App* sub =
      app.add_subcommand("infer", "Apply a trained classifier to a tensor or image files");
  sub->add_option("--weights", o->weights, "model.safetensors written by phantom train")
      ->required();
  sub->add_option("inputs", o->inputs,
                  "A .safetensors file with images [N, C, H, W], or image files (PNG/JPEG/BMP)")
      ->required();
  sub->add_option("--tensor", o->tensor_name,
                  "Tensor name in the safetensors input (default: its only tensor)");
  sub->add_option("--output", o->output, "table, logits, probabilities, predictions or features")
      ->capture_default_str();
  sub->add_option("--out", o->out, "Output .safetensors file (for everything but table)");
  sub->add_option("--batch-size", o->batch_size, "Batch size")->capture_default_str();
  add_device_option(sub, o->device);
  return {sub, [o] { return run_infer(*o); }};
}

}  // namespace phantom::cli
