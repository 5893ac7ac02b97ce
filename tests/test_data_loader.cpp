// The batched loader: batch boundaries and drop_last, seeded per-epoch shuffles that any epoch can
// reproduce on its own, and batches that are bit-identical with or without the prefetch thread.
#include <doctest/doctest.h>

#include <memory>

#include "engine/core/random.h"
#include "engine/data/loader.h"
#include "engine/data/transform_config.h"

using namespace phantom;
using namespace phantom::data;

namespace {

// n one-pixel images whose value is their index; label = index % 3.
std::shared_ptr<const Dataset> indexed(int64_t n) {
  auto ds = std::make_shared<Dataset>();
  ds->source = "indexed";
  ds->class_names = {"a", "b", "c"};
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>(i), ds->labels.push_back(i % 3);
  ds->images = Tensor::from_floats(v, {n, 1, 1, 1});
  return ds;
}

std::vector<Batch> read_all(const DataLoader& loader, int64_t epoch, int64_t first_batch = 0) {
  std::vector<Batch> out;
  EpochReader reader = loader.epoch(epoch, first_batch);
  while (std::optional<Batch> b = reader.next()) out.push_back(std::move(*b));
  return out;
}

void check_same(const std::vector<Batch>& a, const std::vector<Batch>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].number == b[i].number);
    CHECK(a[i].indices == b[i].indices);
    CHECK(a[i].labels == b[i].labels);
    CHECK(a[i].images.shape() == b[i].images.shape());
    CHECK(a[i].images.to_floats() == b[i].images.to_floats());
  }
}

}  // namespace

TEST_CASE("loader batches in dataset order without shuffle; drop_last drops the short batch") {
  for (int64_t prefetch : {0, 2}) {
    CAPTURE(prefetch);
    DataLoader loader(indexed(10), {}, {.batch_size = 4, .shuffle = false, .prefetch = prefetch});
    CHECK(loader.batches_per_epoch() == 3);
    std::vector<Batch> batches = read_all(loader, 0);
    REQUIRE(batches.size() == 3);
    CHECK(batches[0].indices == std::vector<int64_t>{0, 1, 2, 3});
    CHECK(batches[2].indices == std::vector<int64_t>{8, 9});
    CHECK(batches[2].labels == std::vector<int64_t>{2, 0});
    CHECK(batches[2].images.to_floats() == std::vector<float>{8, 9});
    CHECK(batches[2].images.shape() == Shape{2, 1, 1, 1});

    DataLoader dropping(indexed(10), {},
                        {.batch_size = 4, .drop_last = true, .prefetch = prefetch});
    CHECK(dropping.batches_per_epoch() == 2);
    CHECK(read_all(dropping, 0).size() == 2);
  }
  CHECK_THROWS_WITH_AS(DataLoader(indexed(3), {}, {.batch_size = 4, .drop_last = true}),
                       doctest::Contains("leaves no batch"), UserError);
}

TEST_CASE("shuffles are seeded per epoch: each epoch a permutation, reproducible on its own") {
  auto ds = indexed(50);
  DataLoader loader(ds, {}, {.batch_size = 8, .seed = 7});
  std::vector<int64_t> e0 = loader.epoch_order(0), e1 = loader.epoch_order(1);
  std::vector<int64_t> sorted = e0;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 50; ++i) CHECK(sorted[i] == i);
  CHECK(e0 != e1);
  CHECK(DataLoader(ds, {}, {.batch_size = 8, .seed = 8}).epoch_order(0) != e0);
  // A fresh loader asked for epoch 1 directly sees what the first one saw after epoch 0.
  read_all(loader, 0);
  check_same(read_all(loader, 1), read_all(DataLoader(ds, {}, {.batch_size = 8, .seed = 7}), 1));
  // The batches follow the order.
  std::vector<Batch> batches = read_all(loader, 1);
  std::vector<int64_t> visited;
  for (const Batch& b : batches) visited.insert(visited.end(), b.indices.begin(), b.indices.end());
  CHECK(visited == e1);
}

TEST_CASE("augmented batches are identical with and without prefetch, and when resumed mid-epoch") {
  // 40 random 3x12x12 images through every random transform.
  auto ds = std::make_shared<Dataset>();
  ds->source = "random";
  ds->class_names = {"a", "b"};
  ds->images = Generator(3).uniform({40, 3, 12, 12});
  for (int64_t i = 0; i < 40; ++i) ds->labels.push_back(i % 2);
  TransformConfig config;
  config.pad = 2;
  config.random_crop_height = config.random_crop_width = 10;
  config.hflip_probability = 0.5;
  config.brightness = config.contrast = config.saturation = 0.3;
  config.hue = 0.1;
  config.normalize = true;
  Pipeline pipeline = build_pipeline(config);

  auto loader = [&](int64_t prefetch) {
    return DataLoader(ds, pipeline, {.batch_size = 6, .seed = 21, .prefetch = prefetch});
  };
  for (int64_t epoch : {0, 3}) {
    CAPTURE(epoch);
    std::vector<Batch> sync = read_all(loader(0), epoch);
    REQUIRE(sync.size() == 7);
    CHECK(sync[0].images.shape() == Shape{6, 3, 10, 10});
    check_same(sync, read_all(loader(1), epoch));
    check_same(sync, read_all(loader(4), epoch));
    // Resuming at batch 4 gives the tail of the same epoch.
    check_same(std::vector<Batch>(sync.begin() + 4, sync.end()), read_all(loader(2), epoch, 4));
  }
  // The same image is augmented differently in another epoch.
  CHECK(read_all(loader(0), 0)[0].images.to_floats() !=
        read_all(loader(0), 1)[0].images.to_floats());
}

TEST_CASE("a reader stops its worker when dropped early, and rethrows worker errors") {
  DataLoader loader(indexed(100), {}, {.batch_size = 2, .prefetch = 2});
  {
    EpochReader reader = loader.epoch(0);
    CHECK(reader.next().has_value());
  }  // the worker is blocked on a full queue here; destruction must not hang

  Pipeline too_big;
  too_big.add(std::make_shared<CenterCrop>(5, 5));
  DataLoader failing(indexed(10), too_big, {.batch_size = 4, .prefetch = 2});
  EpochReader reader = failing.epoch(0);
  CHECK_THROWS_WITH_AS(reader.next(), doctest::Contains("does not fit in the 1x1 image"),
                       UserError);
  CHECK_THROWS_WITH_AS(loader.epoch(0, 51), doctest::Contains("first batch 51"), UserError);
}
