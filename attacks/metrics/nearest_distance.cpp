#include "attacks/metrics/nearest_distance.h"

#include <algorithm>

#include "attacks/metrics/feature_matrix.h"
#include "engine/core/error.h"

namespace phantom::attacks {

ClassMetric nearest_private_distance(const Tensor& attack_features,
                                     const std::vector<int64_t>& attacked_classes,
                                     const Tensor& private_features,
                                     const std::vector<int64_t>& private_labels) {
  const FeatureMatrix attack = feature_matrix(attack_features, "attack image features");
  const FeatureMatrix priv = feature_matrix(private_features, "private image features");
  PHANTOM_REQUIRE(attack.cols == priv.cols, "attack image features have ", attack.cols,
                  " dimensions but private image features have ", priv.cols);
  const auto attack_groups = indices_by_label(attacked_classes, attack.rows, "attacked classes");
  const auto private_groups = indices_by_label(private_labels, priv.rows, "private image labels");
  std::vector<double> nearest(static_cast<size_t>(attack.rows));
  for (const auto& [label, indices] : attack_groups) {
    auto it = private_groups.find(label);
    PHANTOM_REQUIRE(it != private_groups.end(), "attacked class ", label,
                    " has no private training image to measure the distance to");
    const std::vector<double> d =
        pairwise_squared_distances(select_rows(attack, indices), select_rows(priv, it->second));
    const auto per_attack = static_cast<ptrdiff_t>(it->second.size());
    for (size_t a = 0; a < indices.size(); ++a)
      nearest[static_cast<size_t>(indices[a])] =
          *std::min_element(d.begin() + static_cast<ptrdiff_t>(a) * per_attack,
                            d.begin() + static_cast<ptrdiff_t>(a + 1) * per_attack);
  }
  return average_by_class(nearest, attack_groups);
}

}  // namespace phantom::attacks
