// Optimizers against hand-computed steps, frozen parameters, groups, LR schedules against their
// closed forms and PyTorch's recursive form, and bit-identical resumption from a state dict.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "engine/core/random.h"
#include "engine/optim/adam.h"
#include "engine/optim/lr_schedule.h"
#include "engine/optim/sgd.h"

using namespace phantom;
using namespace phantom::optim;

namespace {
Tensor param(std::vector<double> v) {
  Tensor p = Tensor::from_vector(v, {static_cast<int64_t>(v.size())}, DType::F64);
  p.set_requires_grad(true);
  return p;
}

// Runs one step per gradient on a scalar parameter starting at 1 and returns its trajectory.
std::vector<double> trajectory(const std::function<std::unique_ptr<Optimizer>(Tensor)>& make) {
  Tensor p = param({1.0});
  std::unique_ptr<Optimizer> opt = make(p);
  std::vector<double> out;
  for (double g : {0.5, -0.25, 1.0}) {
    p.set_grad(Tensor::from_vector({g}, {1}, DType::F64));
    opt->step();
    out.push_back(p.item());
  }
  return out;
}

void check_trajectory(const std::vector<double>& got, const std::vector<double>& expect) {
  REQUIRE(got.size() == expect.size());
  for (size_t i = 0; i < got.size(); ++i)
    CHECK(got[i] == doctest::Approx(expect[i]).epsilon(1e-12));
}
}  // namespace

TEST_CASE("SGD: plain steps on a vector") {
  Tensor p = param({1, -2});
  SGD opt({p}, {.lr = 0.1});
  for (int i = 0; i < 2; ++i) {
    p.set_grad(Tensor::from_vector({0.5, 1}, {2}, DType::F64));
    opt.step();
  }
  CHECK(p.to_vector()[0] == doctest::Approx(0.9));
  CHECK(p.to_vector()[1] == doctest::Approx(-2.2));
}

TEST_CASE("SGD: momentum with dampening and weight decay, by hand") {
  // wd 0.1, μ 0.9, τ 0.5, lr 0.1; grads 0.5, -0.25, 1:
  // 1: g = 0.5 + 0.1 = 0.6, b = 0.6 (first step, undamped), p = 1 - 0.06 = 0.94
  // 2: g = -0.25 + 0.094 = -0.156, b = 0.54 - 0.078 = 0.462, p = 0.94 - 0.0462 = 0.8938
  // 3: g = 1 + 0.08938 = 1.08938, b = 0.4158 + 0.54469 = 0.96049, p = 0.8938 - 0.096049 = 0.797751
  check_trajectory(
      trajectory([](Tensor p) {
        return std::make_unique<SGD>(
            std::vector{p},
            SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.5, .weight_decay = 0.1});
      }),
      {0.94, 0.8938, 0.797751});
}

TEST_CASE("SGD: Nesterov momentum, by hand") {
  // μ 0.9, lr 0.1: b = 0.5, g = 0.95, p = 0.905; b = 0.2, g = -0.07, p = 0.912;
  // b = 1.18, g = 2.062, p = 0.7058.
  check_trajectory(trajectory([](Tensor p) {
                     return std::make_unique<SGD>(
                         std::vector{p}, SGDOptions{.lr = 0.1, .momentum = 0.9, .nesterov = true});
                   }),
                   {0.905, 0.912, 0.7058});
  CHECK_THROWS_AS(SGD({param({1})}, {.lr = 0.1, .nesterov = true}), UserError);
  CHECK_THROWS_AS(
      SGD({param({1})}, {.lr = 0.1, .momentum = 0.9, .dampening = 0.1, .nesterov = true}),
      UserError);
}

TEST_CASE("Adam and AdamW: bias-corrected steps, coupled and decoupled weight decay") {
  // lr 0.1, β (0.9, 0.999), eps 1e-8. Step 1 by hand: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25,
  // p = 1 − 0.1 · 0.5 / (0.5 + 1e-8). Step 2: m = 0.02, v = 0.00031225, step size 0.1/0.19,
  // sqrt(v)/sqrt(0.001999) + eps = 0.395224..., p = 0.9 − 0.026634 = 0.873366...
  auto adam = [](double wd, bool decoupled) {
    return trajectory([=](Tensor p) -> std::unique_ptr<Optimizer> {
      AdamOptions o{.lr = 0.1, .weight_decay = wd};
      if (decoupled) return std::make_unique<AdamW>(std::vector{p}, o);
      return std::make_unique<Adam>(std::vector{p}, o);
    });
  };
  check_trajectory(adam(0, false),
                   {1 - 0.1 * 0.5 / (0.5 + 1e-8), 0.8733662987078463, 0.8075551396770898});
  // Adam, wd 0.1: g1 = 0.6, so step 1 is again ≈ lr, then the trajectories differ.
  check_trajectory(adam(0.1, false), {0.9000000016666666, 0.8544413674617625, 0.7815043998631659});
  // AdamW, wd 0.1: p first shrinks by 1 − 0.01, then the plain Adam step: 0.99 − 0.1·(1 − 2e-8).
  check_trajectory(adam(0.1, true), {0.890000002, 0.8544662986878463, 0.7801104766702113});
  CHECK(AdamW({param({1})}).param_groups()[0].weight_decay == 0.01);  // PyTorch's AdamW default
}

TEST_CASE("frozen parameters and parameters without a gradient are untouched") {
  Tensor frozen = param({1, 2}), no_grad = param({3}), live = param({4});
  frozen.set_requires_grad(false);
  frozen.set_grad(Tensor::ones({2}, DType::F64));  // a stale gradient must not move it
  live.set_grad(Tensor::ones({1}, DType::F64));
  Adam opt({frozen, no_grad, live}, {.lr = 0.5, .weight_decay = 0.1});
  opt.step();
  CHECK(frozen.to_vector() == std::vector<double>{1, 2});
  CHECK(no_grad.to_vector() == std::vector<double>{3});
  CHECK(live.item() != 4);
  std::map<std::string, Tensor> sd = opt.state_dict();
  CHECK(sd.count("state.2.exp_avg") == 1);
  CHECK(sd.count("state.0.step") == 0);
  CHECK(sd.count("state.1.exp_avg") == 0);
  opt.zero_grad();
  CHECK_FALSE(live.grad().defined());
}

TEST_CASE("parameter groups use their own lr and weight decay") {
  Tensor a = param({1}), b = param({1});
  SGD opt({ParamGroup{.params = {a}}, ParamGroup{.params = {b}, .lr = 0.5, .weight_decay = 1.0}},
          {.lr = 0.1});
  a.set_grad(Tensor::ones({1}, DType::F64));
  b.set_grad(Tensor::ones({1}, DType::F64));
  opt.step();
  CHECK(a.item() == doctest::Approx(0.9));  // 1 − 0.1 · 1
  CHECK(b.item() == doctest::Approx(0.0));  // 1 − 0.5 · (1 + 1 · 1)
  CHECK(opt.param_groups()[1].initial_lr == 0.5);
}

TEST_CASE("MultiStepLR matches base · gamma^(milestones passed)") {
  MultiStepLR s({5, 2, 5}, 0.1);  // 5 twice decays twice, as PyTorch's Counter of milestones
  std::vector<double> expect{1, 1, 0.1, 0.1, 0.1, 0.001, 0.001};
  for (int64_t e = 0; e < 7; ++e)
    CHECK(s.lr(1.0, e) == doctest::Approx(expect[static_cast<size_t>(e)]));

  Tensor a = param({1}), b = param({1});
  SGD opt({ParamGroup{.params = {a}}, ParamGroup{.params = {b}, .lr = 0.4}}, {.lr = 0.2});
  s.apply(opt, 3);
  CHECK(opt.param_groups()[0].lr == doctest::Approx(0.02));
  CHECK(opt.param_groups()[1].lr == doctest::Approx(0.04));
  s.apply(opt, 0);
  CHECK(opt.param_groups()[1].lr == doctest::Approx(0.4));
}

TEST_CASE("CosineAnnealingLR matches the closed form and PyTorch's recursive form") {
  const double base = 0.1, eta_min = 0.001;
  const int64_t t_max = 10;
  CosineAnnealingLR s(t_max, eta_min);
  CHECK(s.lr(base, 0) == doctest::Approx(0.1));
  CHECK(s.lr(base, 5) == doctest::Approx(0.0505));
  CHECK(s.lr(base, 10) == doctest::Approx(0.001));
  // torch's step() recursion (chainable form), over more than one period.
  double lr = base;
  const double pi = std::numbers::pi;
  for (int64_t e = 1; e <= 3 * t_max; ++e) {
    if ((e - 1 - t_max) % (2 * t_max) == 0)
      lr += (base - eta_min) * (1 - std::cos(pi / t_max)) / 2;
    else
      lr = (1 + std::cos(pi * e / t_max)) / (1 + std::cos(pi * (e - 1) / t_max)) * (lr - eta_min) +
           eta_min;
    CAPTURE(e);
    CHECK(s.lr(base, e) == doctest::Approx(lr).epsilon(1e-9));
  }
}

TEST_CASE("a run resumed from the state dict continues bit-identically") {
  auto run = [](const std::function<std::unique_ptr<Optimizer>(std::vector<Tensor>)>& make) {
    Generator gen(7);
    std::vector<Tensor> init{gen.normal({3, 5}), gen.normal({7})};
    std::vector<std::vector<Tensor>> grads;
    for (int s = 0; s < 5; ++s) grads.push_back({gen.normal({3, 5}), gen.normal({7})});
    auto fresh = [&] {
      std::vector<Tensor> ps;
      for (const Tensor& t : init) ps.push_back(t.clone().set_requires_grad(true));
      return ps;
    };
    auto steps = [&](std::vector<Tensor>& ps, Optimizer& opt, int from, int to) {
      for (int s = from; s < to; ++s) {
        for (size_t i = 0; i < ps.size(); ++i) ps[i].set_grad(grads[static_cast<size_t>(s)][i]);
        opt.step();
      }
    };
    // Uninterrupted: 5 steps.
    std::vector<Tensor> straight = fresh();
    auto opt_a = make(straight);
    steps(straight, *opt_a, 0, 5);
    // Interrupted after 2 steps: a checkpoint of parameters and optimizer state, then 3 more
    // steps of the first run (which must not leak into the checkpoint) ...
    std::vector<Tensor> first = fresh();
    auto opt_b = make(first);
    steps(first, *opt_b, 0, 2);
    std::map<std::string, Tensor> saved = opt_b->state_dict();
    std::vector<Tensor> saved_params{first[0].clone(), first[1].clone()};
    steps(first, *opt_b, 2, 5);
    // ... and a new process that loads the checkpoint and finishes the run.
    std::vector<Tensor> resumed = fresh();
    for (size_t i = 0; i < resumed.size(); ++i) resumed[i].copy_from(saved_params[i]);
    auto opt_c = make(resumed);
    opt_c->load_state_dict(saved);
    steps(resumed, *opt_c, 2, 5);
    for (size_t i = 0; i < straight.size(); ++i) {
      CHECK(resumed[i].to_vector() == straight[i].to_vector());
      CHECK(first[i].to_vector() == straight[i].to_vector());
    }
    return saved;
  };
  std::map<std::string, Tensor> sgd = run([](std::vector<Tensor> ps) {
    return std::make_unique<SGD>(
        ps, SGDOptions{.lr = 0.05, .momentum = 0.9, .weight_decay = 1e-3, .nesterov = true});
  });
  CHECK(sgd.count("state.1.momentum_buffer") == 1);
  CHECK(sgd.at("state.0.step").item() == 2);
  std::map<std::string, Tensor> adam = run([](std::vector<Tensor> ps) {
    return std::make_unique<Adam>(ps, AdamOptions{.lr = 0.01, .weight_decay = 1e-2});
  });
  CHECK(adam.at("state.1.exp_avg_sq").shape() == Shape{7});
  std::map<std::string, Tensor> adamw = run([](std::vector<Tensor> ps) {
    return std::make_unique<AdamW>(ps, AdamOptions{.lr = 0.01, .weight_decay = 0.05});
  });
  CHECK(adamw.at("param_groups.0.lr").item() == doctest::Approx(0.01));
}

TEST_CASE("optimizer load_state_dict rejects mismatched state and leaves the old one") {
  Tensor p = param({1, 2});
  Adam opt({p}, {.lr = 0.1});
  p.set_grad(Tensor::ones({2}, DType::F64));
  opt.step();
  std::map<std::string, Tensor> sd = opt.state_dict();
  auto bad_shape = sd;
  bad_shape["state.0.exp_avg"] = Tensor::zeros({3}, DType::F64);
  CHECK_THROWS_AS(opt.load_state_dict(bad_shape), UserError);
  auto bad_index = sd;
  bad_index["state.4.exp_avg"] = Tensor::zeros({2}, DType::F64);
  CHECK_THROWS_AS(opt.load_state_dict(bad_index), UserError);
  auto bad_key = sd;
  bad_key["momentum"] = Tensor::zeros({2}, DType::F64);
  CHECK_THROWS_AS(opt.load_state_dict(bad_key), UserError);
  auto no_group = sd;
  no_group.erase("param_groups.0.lr");
  CHECK_THROWS_AS(opt.load_state_dict(no_group), UserError);
  CHECK(opt.state_dict().at("state.0.exp_avg").to_vector() == sd.at("state.0.exp_avg").to_vector());
}
