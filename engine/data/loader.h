// Batches of a Dataset for training and evaluation: a seeded shuffle per epoch, the transform
// pipeline per sample on the CPU or a CUDA device, optional drop_last, and a background thread that
// assembles the next batches while the caller trains on the current one. Batch k of epoch e depends
// only on (seed, e, k) and the data, never on timing, so prefetching changes nothing and a resumed
// run can start at any epoch and batch.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/data/transform.h"

namespace phantom::data {

struct LoaderOptions {
  int64_t batch_size = 128;
  bool shuffle = true;     // a new seeded permutation every epoch; false: dataset order
  bool drop_last = false;  // drop a final batch smaller than batch_size
  uint64_t seed = 0;       // keys the shuffle and every sample's augmentation
  int64_t prefetch = 2;    // batches assembled ahead on a worker thread; 0: on the caller's thread
  Device device = Device::cpu();  // where the transforms run and the batch images live
};

struct Batch {
  Tensor images;                  // f32 [B, C, H, W] after the pipeline, on the loader's device
  std::vector<int64_t> labels;    // B class indices
  std::vector<int64_t> indices;   // B dataset indices
  int64_t epoch = 0, number = 0;  // which batch of which epoch
};

class EpochReader;

class DataLoader {
 public:
  DataLoader(std::shared_ptr<const Dataset> dataset, Pipeline pipeline, LoaderOptions options);

  int64_t batches_per_epoch() const;
  // The dataset indices in the order epoch `epoch` visits them.
  std::vector<int64_t> epoch_order(int64_t epoch) const;
  // Reads batches first_batch, first_batch + 1, ... of `epoch` (first_batch > 0 resumes mid-epoch).
  EpochReader epoch(int64_t epoch, int64_t first_batch = 0) const;

  const Dataset& dataset() const { return *dataset_; }
  const LoaderOptions& options() const { return options_; }

 private:
  friend class EpochReader;
  Batch assemble(const std::vector<int64_t>& order, int64_t epoch, int64_t number) const;

  std::shared_ptr<const Dataset> dataset_;
  Pipeline pipeline_;
  LoaderOptions options_;
};

// One pass over an epoch. With prefetch it owns the worker thread, which stops and joins when the
// reader is destroyed (also mid-epoch). An error while assembling a batch is rethrown by next().
class EpochReader {
 public:
  EpochReader(DataLoader loader, int64_t epoch, int64_t first_batch);
  EpochReader(EpochReader&&) noexcept;
  EpochReader& operator=(EpochReader&&) noexcept;
  ~EpochReader();

  std::optional<Batch> next();  // nothing after the last batch

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace phantom::data
