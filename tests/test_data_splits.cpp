// Seeded splits: the same seed gives the same cut, another seed another; parts are disjoint,
// stratified and cover what they should; class subsets relabel on request.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "engine/data/splits.h"

using namespace phantom;
using namespace phantom::data;

namespace {

// 103 one-pixel images whose value is their index, with uneven classes (label = i % 5 for the first
// 96, then 7 more of class 3), so a part's members can be read back from its pixels.
Dataset indexed_dataset() {
  const int64_t n = 103;
  Dataset ds;
  ds.source = "indexed";
  ds.class_names = {"a", "b", "c", "d", "e"};
  std::vector<float> values(n);
  for (int64_t i = 0; i < n; ++i) {
    values[i] = static_cast<float>(i);
    ds.labels.push_back(i < 96 ? i % 5 : 3);
  }
  ds.images = Tensor::from_floats(values, {n, 1, 1, 1});
  return ds;
}

std::vector<int64_t> members(const Dataset& part) {
  std::vector<int64_t> out;
  for (float v : part.images.to_floats()) out.push_back(static_cast<int64_t>(v));
  return out;
}

std::vector<int64_t> class_counts(const Dataset& part) {
  std::vector<int64_t> counts(part.class_names.size(), 0);
  for (int64_t l : part.labels) ++counts[l];
  return counts;
}

// Checks that the labels of a part still belong to its members in the original dataset.
void check_labels(const Dataset& ds, const Dataset& part) {
  std::vector<int64_t> m = members(part);
  for (size_t i = 0; i < m.size(); ++i) CHECK(part.labels[i] == ds.labels[m[i]]);
}

std::vector<int64_t> sorted_union(std::initializer_list<std::vector<int64_t>> parts) {
  std::vector<int64_t> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  std::sort(all.begin(), all.end());
  return all;
}

}  // namespace

TEST_CASE("train/validation/test split is seeded, stratified, disjoint and complete") {
  Dataset ds = indexed_dataset();
  TrainValTest a = split_train_val_test(ds, {0.7, 0.2, 0.1}, 5);
  TrainValTest b = split_train_val_test(ds, {0.7, 0.2, 0.1}, 5);
  TrainValTest c = split_train_val_test(ds, {0.7, 0.2, 0.1}, 6);
  CHECK(members(a.train) == members(b.train));
  CHECK(members(a.test) == members(b.test));
  CHECK(members(a.train) != members(c.train));

  std::vector<int64_t> all =
      sorted_union({members(a.train), members(a.validation), members(a.test)});
  std::vector<int64_t> expected(103);
  for (int64_t i = 0; i < 103; ++i) expected[i] = i;
  CHECK(all == expected);  // disjoint and complete at once
  // Per class (20, 19, 19, 26, 19 images): cumulative rounding of 0.7 and 0.9.
  CHECK(class_counts(a.train) == std::vector<int64_t>{14, 13, 13, 18, 13});
  CHECK(class_counts(a.validation) == std::vector<int64_t>{4, 4, 4, 5, 4});
  CHECK(class_counts(a.test) == std::vector<int64_t>{2, 2, 2, 3, 2});
  for (const Dataset* part : {&a.train, &a.validation, &a.test}) check_labels(ds, *part);

  TrainValTest partial = split_train_val_test(ds, {0.5, 0.0, 0.25}, 5);
  CHECK(partial.validation.size() == 0);
  CHECK(partial.train.size() + partial.test.size() < 103);
  CHECK_THROWS_WITH_AS(split_train_val_test(ds, {0.8, 0.2, 0.1}, 0),
                       doctest::Contains("sum to at most 1"), UserError);
}

TEST_CASE("class subsets keep or relabel classes") {
  Dataset ds = indexed_dataset();
  Dataset kept = select_classes(ds, {3, 1}, false);
  CHECK(kept.class_names == ds.class_names);
  CHECK(class_counts(kept) == std::vector<int64_t>{0, 19, 0, 26, 0});
  check_labels(ds, kept);

  Dataset relabelled = select_classes(ds, {3, 1}, true);
  CHECK(relabelled.class_names == std::vector<std::string>{"d", "b"});
  CHECK(members(relabelled) == members(kept));
  for (size_t i = 0; i < kept.labels.size(); ++i)
    CHECK(relabelled.labels[i] == (kept.labels[i] == 3 ? 0 : 1));
  relabelled.validate();

  CHECK_THROWS_WITH_AS(select_classes(ds, {5}, true), doctest::Contains("class 5 is outside"),
                       UserError);
  CHECK_THROWS_WITH_AS(select_classes(ds, {1, 1}, true), doctest::Contains("listed twice"),
                       UserError);
}

TEST_CASE("per-class limit takes the first n of a seeded shuffle") {
  Dataset ds = indexed_dataset();
  Dataset a = limit_per_class(ds, 20, 1), b = limit_per_class(ds, 20, 1),
          c = limit_per_class(ds, 20, 2);
  CHECK(class_counts(a) == std::vector<int64_t>{20, 19, 19, 20, 19});
  CHECK(members(a) == members(b));
  CHECK(members(a) != members(c));
  check_labels(ds, a);
  // A smaller limit with the same seed is a prefix of the same shuffle, so a subset.
  std::vector<int64_t> small = members(limit_per_class(ds, 5, 1)), big = members(a);
  CHECK(std::includes(big.begin(), big.end(), small.begin(), small.end()));
}

TEST_CASE("private/public partitions are disjoint") {
  Dataset ds = indexed_dataset();
  PrivatePublic by_class = partition_by_classes(ds, {0, 1, 2});
  CHECK(class_counts(by_class.private_part) == std::vector<int64_t>{20, 19, 19, 0, 0});
  CHECK(class_counts(by_class.public_part) == std::vector<int64_t>{0, 0, 0, 26, 19});
  CHECK(sorted_union({members(by_class.private_part), members(by_class.public_part)}).size() ==
        103);

  PrivatePublic halves = partition_halves(ds, 9);
  CHECK(class_counts(halves.private_part) == std::vector<int64_t>{10, 10, 10, 13, 10});
  CHECK(class_counts(halves.public_part) == std::vector<int64_t>{10, 9, 9, 13, 9});
  std::vector<int64_t> p = members(halves.private_part), q = members(halves.public_part);
  std::set<int64_t> overlap;
  std::set_intersection(p.begin(), p.end(), q.begin(), q.end(),
                        std::inserter(overlap, overlap.end()));
  CHECK(overlap.empty());
  CHECK(members(partition_halves(ds, 9).private_part) == p);
  CHECK(members(partition_halves(ds, 10).private_part) != p);
  check_labels(ds, halves.public_part);
}

TEST_CASE("splits reject a dataset whose labels are outside its classes") {
  Dataset ds = indexed_dataset();
  ds.labels[7] = 5;
  CHECK_THROWS_WITH_AS(limit_per_class(ds, 3, 0),
                       doctest::Contains("label 5 is outside the 5 classes"), UserError);
  CHECK_THROWS_AS(select_classes(ds, {0}, false), UserError);
}
