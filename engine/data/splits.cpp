#include "engine/data/splits.h"

#include <algorithm>
#include <cmath>

#include "engine/core/random.h"

namespace phantom::data {

namespace {

// One Philox stream per (purpose, class), so e.g. a size limit and a half split with the same seed
// draw unrelated shuffles.
enum class Purpose : uint64_t { TrainValTest = 1, LimitPerClass = 2, Halves = 3 };

std::vector<int64_t> shuffled_class(const std::vector<int64_t>& members, uint64_t seed,
                                    Purpose purpose, size_t class_index) {
  Generator gen(seed, (static_cast<uint64_t>(purpose) << 32) | class_index);
  std::vector<int64_t> perm = gen.permutation(static_cast<int64_t>(members.size()));
  std::vector<int64_t> out(members.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = members[static_cast<size_t>(perm[i])];
  return out;
}

// Sorted so every part keeps dataset order, whatever shuffle chose its members.
Dataset sorted_subset(const Dataset& ds, std::vector<int64_t> indices) {
  std::sort(indices.begin(), indices.end());
  return ds.subset(indices);
}

void require_classes(const Dataset& ds, const std::vector<int64_t>& classes, const char* what) {
  ds.validate();  // labels index per-class tables below
  PHANTOM_REQUIRE(!classes.empty(), what, ": the class list is empty");
  for (int64_t c : classes)
    PHANTOM_REQUIRE(c >= 0 && c < ds.num_classes(), what, ": class ", c, " is outside the ",
                    ds.num_classes(), " classes of ", ds.source);
}

}  // namespace

TrainValTest split_train_val_test(const Dataset& ds, const SplitFractions& f, uint64_t seed) {
  PHANTOM_REQUIRE(f.train >= 0 && f.validation >= 0 && f.test >= 0 &&
                      f.train + f.validation + f.test <= 1.0 + 1e-9,
                  "split fractions must be non-negative and sum to at most 1, found train ",
                  f.train, ", validation ", f.validation, ", test ", f.test);
  const double cumulative[3] = {f.train, f.train + f.validation, f.train + f.validation + f.test};
  std::vector<int64_t> parts[3];
  const auto by_class = ds.indices_by_class();
  for (size_t c = 0; c < by_class.size(); ++c) {
    std::vector<int64_t> order = shuffled_class(by_class[c], seed, Purpose::TrainValTest, c);
    const double n = static_cast<double>(order.size());
    size_t begin = 0;
    for (int p = 0; p < 3; ++p) {
      const size_t end =
          std::min(order.size(), static_cast<size_t>(std::llround(n * cumulative[p])));
      parts[p].insert(parts[p].end(), order.begin() + begin, order.begin() + end);
      begin = end;
    }
  }
  return {sorted_subset(ds, parts[0]), sorted_subset(ds, parts[1]), sorted_subset(ds, parts[2])};
}

Dataset select_classes(const Dataset& ds, const std::vector<int64_t>& classes, bool relabel) {
  require_classes(ds, classes, "select_classes");
  std::vector<int64_t> position(ds.class_names.size(), -1);
  for (size_t i = 0; i < classes.size(); ++i) {
    PHANTOM_REQUIRE(position[classes[i]] < 0, "select_classes: class ", classes[i],
                    " is listed twice");
    position[classes[i]] = static_cast<int64_t>(i);
  }
  std::vector<int64_t> keep;
  for (int64_t i = 0; i < ds.size(); ++i)
    if (position[ds.labels[i]] >= 0) keep.push_back(i);
  Dataset out = ds.subset(keep);
  if (relabel) {
    for (int64_t& label : out.labels) label = position[label];
    out.class_names.clear();
    for (int64_t c : classes) out.class_names.push_back(ds.class_names[c]);
  }
  return out;
}

Dataset limit_per_class(const Dataset& ds, int64_t per_class, uint64_t seed) {
  PHANTOM_REQUIRE(per_class > 0, "limit_per_class: the limit must be positive, found ", per_class);
  std::vector<int64_t> keep;
  const auto by_class = ds.indices_by_class();
  for (size_t c = 0; c < by_class.size(); ++c) {
    std::vector<int64_t> order = shuffled_class(by_class[c], seed, Purpose::LimitPerClass, c);
    order.resize(std::min<size_t>(order.size(), static_cast<size_t>(per_class)));
    keep.insert(keep.end(), order.begin(), order.end());
  }
  return sorted_subset(ds, keep);
}

PrivatePublic partition_by_classes(const Dataset& ds, const std::vector<int64_t>& private_classes) {
  require_classes(ds, private_classes, "partition_by_classes");
  std::vector<bool> is_private(ds.class_names.size(), false);
  for (int64_t c : private_classes) is_private[c] = true;
  std::vector<int64_t> priv, pub;
  for (int64_t i = 0; i < ds.size(); ++i) (is_private[ds.labels[i]] ? priv : pub).push_back(i);
  return {ds.subset(priv), ds.subset(pub)};
}

PrivatePublic partition_halves(const Dataset& ds, uint64_t seed) {
  std::vector<int64_t> priv, pub;
  const auto by_class = ds.indices_by_class();
  for (size_t c = 0; c < by_class.size(); ++c) {
    std::vector<int64_t> order = shuffled_class(by_class[c], seed, Purpose::Halves, c);
    const size_t half = (order.size() + 1) / 2;
    priv.insert(priv.end(), order.begin(), order.begin() + half);
    pub.insert(pub.end(), order.begin() + half, order.end());
  }
  return {sorted_subset(ds, priv), sorted_subset(ds, pub)};
}

}  // namespace phantom::data
