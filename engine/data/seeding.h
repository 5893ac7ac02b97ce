// The Philox streams of the data pipeline. Everything random in loading is keyed by the run seed
// and what it is for, never by thread order: the epoch shuffle by (seed, epoch), a sample's
// augmentation by (seed, epoch, dataset index). The two stream ranges cannot overlap.
#pragma once
#include <cstdint>

#include "engine/core/random.h"

namespace phantom::data {

inline constexpr uint64_t kShuffleStreamBit = uint64_t{1} << 63;

// The generator for epoch `epoch`'s batch order.
inline Generator shuffle_generator(uint64_t seed, int64_t epoch) {
  PHANTOM_REQUIRE(epoch >= 0 && epoch < (int64_t{1} << 31), "epoch must be in [0, 2^31), found ",
                  epoch);
  return Generator(seed, kShuffleStreamBit | static_cast<uint64_t>(epoch));
}

// The generator for the augmentation of dataset image `index` in epoch `epoch`.
inline Generator sample_generator(uint64_t seed, int64_t epoch, int64_t index) {
  PHANTOM_REQUIRE(epoch >= 0 && epoch < (int64_t{1} << 31), "epoch must be in [0, 2^31), found ",
                  epoch);
  PHANTOM_REQUIRE(index >= 0 && index < (int64_t{1} << 32),
                  "sample index must be in [0, 2^32), found ", index);
  return Generator(seed, (static_cast<uint64_t>(epoch) << 32) | static_cast<uint64_t>(index));
}

}  // namespace phantom::data
