// The Philox streams of an attack, all keyed by the attack's seed: the stage-1 latents, one stream
// per stage-2 batch (so a resumed run redraws exactly the crops it would have drawn), and one per
// stage-3 candidate (so the selection does not depend on the batch size).
#pragma once
#include <cstdint>

#include "engine/core/random.h"

namespace phantom::attacks {

inline Generator sampling_generator(uint64_t seed) {
  return Generator(seed, uint64_t{1} << 62);
}
inline Generator optimization_generator(uint64_t seed, int64_t batch) {
  return Generator(seed, (uint64_t{2} << 61) | static_cast<uint64_t>(batch));
}
inline Generator selection_generator(uint64_t seed, int64_t candidate) {
  return Generator(seed, (uint64_t{3} << 61) | static_cast<uint64_t>(candidate));
}

}  // namespace phantom::attacks
