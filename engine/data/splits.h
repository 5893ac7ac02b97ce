// Deterministic, seeded ways to cut a Dataset: train/validation/test, class subsets, a per-class
// size limit and disjoint private/public partitions. Every cut is stratified (done class by class)
// and uses a Philox permutation keyed by (seed, purpose, class), so the same seed gives the same
// cut on any machine, and different purposes do not reuse one shuffle.
#pragma once
#include <cstdint>
#include <vector>

#include "engine/data/dataset.h"

namespace phantom::data {

struct SplitFractions {
  double train = 0.8, validation = 0.1, test = 0.1;  // each >= 0, sum <= 1 (the rest is unused)
};

struct TrainValTest {
  Dataset train, validation, test;
};

// Shuffles each class with the seed and cuts it by the fractions (cumulative rounding, so
// fractions summing to 1 use every image). The three parts are disjoint.
TrainValTest split_train_val_test(const Dataset& ds, const SplitFractions& fractions,
                                  uint64_t seed);

// The images of `classes` (in dataset order). relabel: labels become positions in `classes`
// and class_names shrink to match; otherwise labels and class_names are kept.
Dataset select_classes(const Dataset& ds, const std::vector<int64_t>& classes, bool relabel);

// At most `per_class` images of every class: the first ones after a seeded shuffle of the class
// (the training-set-size knob). Output keeps dataset order.
Dataset limit_per_class(const Dataset& ds, int64_t per_class, uint64_t seed);

struct PrivatePublic {
  Dataset private_part, public_part;
};

// Private = the images of `private_classes`, public = all other images. Labels are kept.
PrivatePublic partition_by_classes(const Dataset& ds, const std::vector<int64_t>& private_classes);

// Every class split in two halves after a seeded shuffle (odd counts: private gets the extra one).
PrivatePublic partition_halves(const Dataset& ds, uint64_t seed);

}  // namespace phantom::data
