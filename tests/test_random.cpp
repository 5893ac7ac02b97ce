// Philox4x32-10 against the Random123 known-answer vectors, and the Generator's draws.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/random.h"
#include "kernels/philox_math.h"

using namespace phantom;
using kernels::Philox4;

namespace {
void check_kat(Philox4 ctr, uint32_t k0, uint32_t k1, Philox4 expected) {
  Philox4 r = kernels::philox4x32_10(ctr, k0, k1);
  for (int i = 0; i < 4; ++i) CHECK(r.v[i] == expected.v[i]);
}
}  // namespace

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vectors") {
  check_kat({{0, 0, 0, 0}}, 0, 0, {{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}});
  check_kat({{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}}, 0xffffffffu, 0xffffffffu,
            {{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}});
  check_kat({{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}}, 0xa4093822u, 0x299f31d0u,
            {{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}});
}

TEST_CASE("same seed and stream give the same draws; other seeds and streams differ") {
  Generator a(7), b(7), c(8), d(7, 1);
  std::vector<double> va = a.normal({64}).to_vector();
  CHECK(va == b.normal({64}).to_vector());
  CHECK(va != c.normal({64}).to_vector());
  CHECK(va != d.normal({64}).to_vector());
  // Successive draws continue the stream rather than repeating it.
  CHECK(a.normal({64}).to_vector() != va);
}

TEST_CASE("element i of a draw depends only on the block offset (split draws equal one draw)") {
  Generator whole(3), split(3);
  std::vector<double> all = whole.uniform({10}).to_vector();
  std::vector<double> first = split.uniform({4}).to_vector(), rest = split.uniform({6}).to_vector();
  first.insert(first.end(), rest.begin(), rest.end());
  CHECK(all == first);
  Generator resumed(3);
  resumed.set_offset(4);
  CHECK(resumed.uniform({6}).to_vector() == rest);
}

TEST_CASE("uniform and normal moments, integers in range, permutations are permutations") {
  Generator g(11);
  std::vector<double> u = g.uniform({20000}, -2.0, 4.0, DType::F64).to_vector();
  CHECK(*std::min_element(u.begin(), u.end()) >= -2.0);
  CHECK(*std::max_element(u.begin(), u.end()) < 4.0);
  CHECK(std::accumulate(u.begin(), u.end(), 0.0) / u.size() == doctest::Approx(1.0).epsilon(0.03));
  std::vector<double> n = g.normal({20000}, 1.0, 2.0, DType::F64).to_vector();
  double mean = std::accumulate(n.begin(), n.end(), 0.0) / n.size(), var = 0;
  for (double v : n) var += (v - mean) * (v - mean) / n.size();
  CHECK(mean == doctest::Approx(1.0).epsilon(0.05));
  CHECK(std::sqrt(var) == doctest::Approx(2.0).epsilon(0.03));
  for (int64_t v : g.integers(1000, 7)) CHECK((v >= 0 && v < 7));
  std::vector<int64_t> p = g.permutation(100);
  std::vector<int64_t> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 100; ++i) CHECK(sorted[static_cast<size_t>(i)] == i);
  CHECK(p != sorted);
  CHECK_THROWS_AS(g.integers(3, 0), UserError);
}
