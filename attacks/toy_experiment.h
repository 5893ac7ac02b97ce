// The paper's toy experiment (Figure 1): three Gaussian blobs in 2-D, an MLP trained with
// label smoothing α, and a gradient-descent attack on the input from (−3, −10) toward class 2.
// Positive α pulls the attack into the data; negative α stops it just past the decision boundary.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::attacks {

struct ToyConfig {
  int64_t points = 500;
  double blob_std = 1.6;
  int64_t train_steps = 5000;
  double train_lr = 1e-3;
  double momentum = 0.9;
  std::array<double, 2> attack_start{-3.0, -10.0};
  int64_t attack_class = 2;
  double attack_lr = 0.1;
  double attack_confidence = 0.95;
  int64_t attack_max_steps = 10000;
  int64_t grid = 100;         // confidence map resolution
  double grid_extent = 15.0;  // the map covers [−extent, extent]²
};

struct ToyPoint {
  double x, y;
  int64_t label;
};

struct ToyResult {
  uint64_t seed = 0;
  double alpha = 0;
  double final_loss = 0;  // training loss at the last step
  int64_t steps = 0;      // attack steps until p(target) > threshold (or the cap)
  bool reached = false;   // whether the threshold was reached
  double distance = 0;    // from the attack's end point to the nearest target-class training point
  std::vector<ToyPoint> data;
  std::vector<std::array<double, 2>> path;      // attack iterates, start first
  std::vector<double> confidence;               // grid×grid max-softmax, row 0 at y = −extent
  std::map<std::string, Tensor> initial_state;  // the model's state dict before training
};

// The three blob centres of the paper.
inline constexpr std::array<std::array<double, 2>, 3> kToyCentres{{{0, -10}, {-10, 10}, {10, 10}}};

std::vector<ToyPoint> make_toy_blobs(uint64_t seed, const ToyConfig& cfg);
ToyResult run_toy(uint64_t seed, double alpha, const ToyConfig& cfg);

}  // namespace phantom::attacks
