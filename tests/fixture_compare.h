// Shared by the tests against the PyTorch reference fixtures (test_fixtures*.cpp): where the
// fixtures are, which tensors are fixture data rather than state, and the per-tensor comparison.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace phantom::test {

inline std::string fixtures_dir() {
  const char* env = std::getenv("PHANTOM_FIXTURES");
  return env && *env ? env : std::string(PHANTOM_SOURCE_DIR) + "/../shared/fixtures";
}

// The fixture files whose name starts with `prefix`, sorted.
inline std::vector<std::string> fixture_files(const std::string& prefix) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures_dir(), ec))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

inline bool is_fixture_data(const std::string& name) {
  for (const char* prefix : {"input.", "output.", "grad.", "debug."})
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

// Checks max|actual - reference| <= rel_tol · max|reference| + abs_tol; `what` names the file and
// tensor. Returns the normwise error max|a - ref| / max|ref| (for reporting).
inline double expect_close(const Tensor& actual, const Tensor& reference, double rel_tol,
                           const std::string& what, double abs_tol = 0.0) {
  if (!actual.defined()) {
    FAIL_CHECK(what, ": not computed (no gradient reached it)");
    return INFINITY;
  }
  if (actual.shape() != reference.shape()) {
    FAIL_CHECK(what, ": shape ", shape_str(actual.shape()), ", reference ",
               shape_str(reference.shape()));
    return INFINITY;
  }
  std::vector<double> a = actual.to_vector(), r = reference.to_vector();
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    max_diff = std::max(max_diff, std::abs(a[i] - r[i]));
    max_ref = std::max(max_ref, std::abs(r[i]));
  }
  double rel = max_ref > 0 ? max_diff / max_ref : max_diff;
  CHECK_MESSAGE(max_diff <= rel_tol * max_ref + abs_tol, what, ": max|a-ref| / max|ref| = ", rel,
                " (tolerance ", rel_tol, " + ", abs_tol, " absolute, max|ref| = ", max_ref, ")");
  return rel;
}

}  // namespace phantom::test
