#include "attacks/toy_experiment.h"

#include <cmath>
#include <limits>

#include "engine/autograd/node.h"
#include "engine/core/random.h"
#include "engine/ops/losses.h"
#include "engine/ops/reduction.h"
#include "engine/ops/softmax.h"
#include "engine/optim/sgd.h"
#include "models/toy_mlp.h"

namespace phantom::attacks {

namespace {

// Streams of one seed's generator family: data and initialisation never share numbers.
constexpr uint64_t kDataStream = 0, kInitStream = 1;

Tensor points_tensor(const std::vector<ToyPoint>& data) {
  std::vector<double> xy;
  for (const ToyPoint& p : data) xy.insert(xy.end(), {p.x, p.y});
  return Tensor::from_vector(xy, {static_cast<int64_t>(data.size()), 2});
}

double train(models::ToyMLP& model, const std::vector<ToyPoint>& data, double alpha,
             const ToyConfig& cfg) {
  Tensor x = points_tensor(data);
  std::vector<int64_t> labels;
  for (const ToyPoint& p : data) labels.push_back(p.label);
  optim::SGD sgd(model.parameters(), {.lr = cfg.train_lr, .momentum = cfg.momentum});
  model.train();
  double loss = 0;
  for (int64_t step = 0; step < cfg.train_steps; ++step) {
    sgd.zero_grad();
    Tensor l = cross_entropy_ls(model(x), labels, alpha);
    l.backward();
    sgd.step();
    loss = l.item();
  }
  return loss;
}

// Max-softmax confidence of the eval-mode model over the grid, row 0 at y = −extent.
std::vector<double> confidence_map(models::ToyMLP& model, const ToyConfig& cfg) {
  NoGradGuard no_grad;
  std::vector<double> xy;
  for (int64_t r = 0; r < cfg.grid; ++r)
    for (int64_t c = 0; c < cfg.grid; ++c) {
      double step = 2 * cfg.grid_extent / static_cast<double>(cfg.grid - 1);
      xy.insert(xy.end(), {-cfg.grid_extent + step * c, -cfg.grid_extent + step * r});
    }
  Tensor probs = softmax(model(Tensor::from_vector(xy, {cfg.grid * cfg.grid, 2})), 1);
  return max(probs, {1}).to_vector();
}

}  // namespace

std::vector<ToyPoint> make_toy_blobs(uint64_t seed, const ToyConfig& cfg) {
  Generator gen(seed, kDataStream);
  std::vector<double> noise =
      gen.normal({cfg.points, 2}, 0.0, cfg.blob_std, DType::F64).to_vector();
  std::vector<ToyPoint> data;
  for (int64_t i = 0; i < cfg.points; ++i) {
    int64_t label = i % 3;
    const auto& c = kToyCentres[static_cast<size_t>(label)];
    data.push_back({c[0] + noise[2 * i], c[1] + noise[2 * i + 1], label});
  }
  return data;
}

ToyResult run_toy(uint64_t seed, double alpha, const ToyConfig& cfg) {
  ToyResult res;
  res.seed = seed;
  res.alpha = alpha;
  res.data = make_toy_blobs(seed, cfg);
  Generator init(seed, kInitStream);
  models::ToyMLP model(init);
  for (const auto& [name, t] : model.state_dict()) res.initial_state[name] = t.clone();
  res.final_loss = train(model, res.data, alpha, cfg);

  // The attack: plain gradient descent on the input, model frozen in eval mode.
  model.eval();
  for (Tensor& p : model.parameters()) p.set_requires_grad(false);
  Tensor x = Tensor::from_vector({cfg.attack_start[0], cfg.attack_start[1]}, {1, 2});
  x.set_requires_grad(true);
  optim::SGD sgd({x}, {.lr = cfg.attack_lr});
  res.path.push_back(cfg.attack_start);
  for (res.steps = 0; res.steps < cfg.attack_max_steps; ++res.steps) {
    Tensor logits = model(x);
    double p_target;
    {
      NoGradGuard no_grad;
      p_target = softmax(logits, 1).to_vector()[static_cast<size_t>(cfg.attack_class)];
    }
    if (p_target > cfg.attack_confidence) {
      res.reached = true;
      break;
    }
    sgd.zero_grad();
    cross_entropy_ls(logits, {cfg.attack_class}).backward();
    sgd.step();
    std::vector<double> v = x.to_vector();
    res.path.push_back({v[0], v[1]});
  }

  const auto& end = res.path.back();
  res.distance = std::numeric_limits<double>::infinity();
  for (const ToyPoint& p : res.data)
    if (p.label == cfg.attack_class)
      res.distance = std::min(res.distance, std::hypot(p.x - end[0], p.y - end[1]));
  res.confidence = confidence_map(model, cfg);
  return res;
}

}  // namespace phantom::attacks
