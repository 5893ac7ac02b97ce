#include "attacks/metrics/nearest_distance.h"

#include <algorithm>

#include "attacks/metrics/feature_matrix.h"
#include "engine/core/error.h"

namespace phantom::attacks {

NearestPrivate nearest_private(const Tensor& attack_features,
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
  NearestPrivate out;
  out.index.resize(static_cast<size_t>(attack.rows));
  for (const auto& [label, indices] : attack_groups) {
    auto it = private_groups.find(label);
    PHANTOM_REQUIRE(it != private_groups.end(), "attacked class ", label,
                    " has no private training image to measure the distance to");
    const std::vector<double> d =
        pairwise_squared_distances(select_rows(attack, indices), select_rows(priv, it->second));
    const auto per_attack = static_cast<ptrdiff_t>(it->second.size());
    for (size_t a = 0; a < indices.size(); ++a) {
      const auto row = d.begin() + static_cast<ptrdiff_t>(a) * per_attack;
      const auto best = std::min_element(row, row + per_attack);
      nearest[static_cast<size_t>(indices[a])] = *best;
      out.index[static_cast<size_t>(indices[a])] = it->second[static_cast<size_t>(best - row)];
    }
  }
  out.distance = average_by_class(nearest, attack_groups);
  return out;
}

ClassMetric nearest_private_distance(const Tensor& attack_features,
                                     const std::vector<int64_t>& attacked_classes,
                                     const Tensor& private_features,
                                     const std::vector<int64_t>& private_labels) {
  return nearest_private(attack_features, attacked_classes, private_features, private_labels)
      .distance;
}

}  // namespace phantom::attacks
