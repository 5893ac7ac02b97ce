#include "engine/data/loader.h"

#include <exception>
#include <numeric>
#include <thread>

#include "engine/data/bounded_queue.h"
#include "engine/data/seeding.h"

namespace phantom::data {

DataLoader::DataLoader(std::shared_ptr<const Dataset> dataset, Pipeline pipeline,
                       LoaderOptions options)
    : dataset_(std::move(dataset)), pipeline_(std::move(pipeline)), options_(options) {
  PHANTOM_REQUIRE(dataset_ != nullptr && dataset_->size() > 0, "data loader: the dataset is empty");
  dataset_->validate();
  PHANTOM_REQUIRE(options_.batch_size > 0, "data loader: batch size must be positive, found ",
                  options_.batch_size);
  PHANTOM_REQUIRE(options_.prefetch >= 0, "data loader: prefetch must be >= 0, found ",
                  options_.prefetch);
  PHANTOM_REQUIRE(!options_.drop_last || dataset_->size() >= options_.batch_size,
                  "data loader: drop_last with batch size ", options_.batch_size,
                  " leaves no batch of the ", dataset_->size(), " images of ", dataset_->source);
}

int64_t DataLoader::batches_per_epoch() const {
  const int64_t n = dataset_->size(), b = options_.batch_size;
  return options_.drop_last ? n / b : (n + b - 1) / b;
}

std::vector<int64_t> DataLoader::epoch_order(int64_t epoch) const {
  if (options_.shuffle)
    return shuffle_generator(options_.seed, epoch).permutation(dataset_->size());
  std::vector<int64_t> order(static_cast<size_t>(dataset_->size()));
  std::iota(order.begin(), order.end(), 0);
  return order;
}

EpochReader DataLoader::epoch(int64_t epoch, int64_t first_batch) const {
  return EpochReader(*this, epoch, first_batch);
}

Batch DataLoader::assemble(const std::vector<int64_t>& order, int64_t epoch, int64_t number) const {
  const Dataset& ds = *dataset_;
  const int64_t begin = number * options_.batch_size;
  const int64_t end = std::min<int64_t>(begin + options_.batch_size, ds.size());
  const Shape image_shape{ds.channels(), ds.height(), ds.width()};
  // The pipeline reads views of the dataset on the CPU. For a GPU the batch's images go up in one
  // copy: a host-to-device copy waits for the device's stream, which the trainer keeps busy, so
  // one wait per batch rather than per image.
  const bool upload = !options_.device.is_cpu();
  Tensor source = ds.images;
  if (upload) {
    Tensor gathered = Tensor::empty({end - begin, image_shape[0], image_shape[1], image_shape[2]});
    for (int64_t k = begin; k < end; ++k) {
      const int64_t index = order[static_cast<size_t>(k)];
      gathered.slice0_view(k - begin, k - begin + 1)
          .copy_from(ds.images.slice0_view(index, index + 1));
    }
    source = gathered.to(options_.device);
  }
  Batch batch;
  batch.epoch = epoch;
  batch.number = number;
  Shape out_shape;
  for (int64_t k = begin; k < end; ++k) {
    const int64_t index = order[static_cast<size_t>(k)];
    const int64_t row = upload ? k - begin : index;
    Tensor image = source.slice0_view(row, row + 1).view_as_shape(image_shape);
    if (!pipeline_.empty()) {
      Generator gen = sample_generator(options_.seed, epoch, index);
      image = pipeline_.apply(image, gen);
    }
    if (k == begin) {
      out_shape = image.shape();
      batch.images = Tensor::empty({end - begin, out_shape[0], out_shape[1], out_shape[2]},
                                   DType::F32, options_.device);
    }
    PHANTOM_REQUIRE(image.shape() == out_shape, "data loader: image ", index, " of ", ds.source,
                    " is ", shape_str(image.shape()), " after the transforms but image ",
                    order[static_cast<size_t>(begin)], " is ", shape_str(out_shape),
                    " (add a resize or crop)");
    batch.images.slice0_view(k - begin, k - begin + 1).view_as_shape(out_shape).copy_from(image);
    batch.labels.push_back(ds.labels[static_cast<size_t>(index)]);
    batch.indices.push_back(index);
  }
  return batch;
}

struct EpochReader::State {
  struct Item {
    Batch batch;
    std::exception_ptr error;
  };
  DataLoader loader;
  int64_t epoch, next_batch, end_batch;
  std::vector<int64_t> order;
  std::optional<BoundedQueue<Item>> queue;  // set with prefetch
  std::thread worker;

  State(DataLoader l, int64_t e, int64_t first)
      : loader(std::move(l)),
        epoch(e),
        next_batch(first),
        end_batch(loader.batches_per_epoch()),
        order(loader.epoch_order(e)) {
    PHANTOM_REQUIRE(first >= 0 && first <= end_batch, "data loader: first batch ", first,
                    " is outside the ", end_batch, " batches of an epoch");
    if (loader.options().prefetch == 0) return;
    queue.emplace(static_cast<size_t>(loader.options().prefetch));
    worker = std::thread([this] { produce(); });
  }

  // CUDA work on this thread needs no setup: every transfer and kernel launch first makes its
  // tensor's device the thread's current one (kernels::cuda::set_device), and all of it is queued
  // on that device's one stream, in order with the caller's training work.
  void produce() {
    try {
      for (int64_t b = next_batch; b < end_batch; ++b)
        if (!queue->push(Item{loader.assemble(order, epoch, b), nullptr})) return;
    } catch (...) {
      queue->push(Item{Batch{}, std::current_exception()});
    }
    queue->finish();
  }

  ~State() {
    if (!worker.joinable()) return;
    queue->close();
    worker.join();
  }
};

EpochReader::EpochReader(DataLoader loader, int64_t epoch, int64_t first_batch)
    : state_(std::make_unique<State>(std::move(loader), epoch, first_batch)) {}
EpochReader::EpochReader(EpochReader&&) noexcept = default;
EpochReader& EpochReader::operator=(EpochReader&&) noexcept = default;
EpochReader::~EpochReader() = default;

std::optional<Batch> EpochReader::next() {
  State& s = *state_;
  if (!s.queue) {
    if (s.next_batch >= s.end_batch) return std::nullopt;
    return s.loader.assemble(s.order, s.epoch, s.next_batch++);
  }
  std::optional<State::Item> item = s.queue->pop();
  if (!item) return std::nullopt;
  if (item->error) std::rethrow_exception(item->error);
  return std::move(item->batch);
}

}  // namespace phantom::data
