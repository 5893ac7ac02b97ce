// Bootstrap confidence intervals over classes, and the per-class CSV table with its JSON summary.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "attacks/metrics/bootstrap.h"
#include "attacks/metrics/metrics_table.h"
#include "engine/core/random.h"
#include "temp_dir.h"

using namespace phantom;
using namespace phantom::attacks;

namespace {

std::vector<double> per_class_values(int64_t classes, uint64_t seed) {
  return Generator(seed).normal({classes}, 0.6, 0.2, DType::F64).to_vector();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("quantiles interpolate linearly between order statistics, like numpy") {
  const std::vector<double> v{1, 2, 3, 4};
  CHECK(quantile_sorted(v, 0.0) == 1.0);
  CHECK(quantile_sorted(v, 0.25) == doctest::Approx(1.75));
  CHECK(quantile_sorted(v, 0.5) == doctest::Approx(2.5));
  CHECK(quantile_sorted(v, 1.0) == 4.0);
}

TEST_CASE("bootstrap CI: contains the mean, is fixed by the seed, shrinks with more classes") {
  const std::vector<double> few = per_class_values(10, 1);
  ConfidenceInterval a = bootstrap_mean_ci(few, {.seed = 7});
  ConfidenceInterval b = bootstrap_mean_ci(few, {.seed = 7});
  ConfidenceInterval c = bootstrap_mean_ci(few, {.seed = 8});
  CHECK(a.lower < a.mean);
  CHECK(a.mean < a.upper);
  CHECK(a.lower == b.lower);
  CHECK(a.upper == b.upper);
  CHECK(a.lower != c.lower);
  ConfidenceInterval many = bootstrap_mean_ci(per_class_values(250, 1), {.seed = 7});
  // The width scales as 1/√classes: 25x the classes, a fifth of the width.
  MESSAGE("width with 10 classes ", a.upper - a.lower, ", with 250 ", many.upper - many.lower);
  CHECK(many.upper - many.lower < 0.4 * (a.upper - a.lower));
  ConfidenceInterval constant = bootstrap_mean_ci({0.5, 0.5, 0.5});
  CHECK(constant.lower == 0.5);
  CHECK(constant.upper == 0.5);
  CHECK_THROWS_AS(bootstrap_mean_ci({}), UserError);
  CHECK_THROWS_AS(bootstrap_mean_ci({1.0}, {.level = 1.0}), UserError);
}

TEST_CASE("metrics table: per-class CSV and JSON summary, written atomically") {
  MetricsTable table;
  table.add("top1", {{0, 3}, {1.0, 0.5}, 0.8});
  table.add("delta", {{0, 3}, {0.1, 2.0 / 3}, 0.3});
  CHECK_THROWS_AS(table.add("bad", {{0, 2}, {1.0, 0.5}, 0.8}), UserError);
  CHECK_THROWS_AS(table.add("top1", {{0, 3}, {1.0, 0.5}, 0.8}), UserError);
  CHECK_THROWS_AS(table.add("bootstrap", {{0, 3}, {1.0, 0.5}, 0.8}), UserError);
  const std::vector<std::string> names{"shirt, plain", "x", "y", "boot"};
  CHECK(table.to_csv(names) ==
        "class,name,top1,delta\n"
        "0,\"shirt, plain\",1,0.1\n"
        "3,boot,0.5,0.6666666666666666\n");
  nlohmann::json s = table.summary({.resamples = 200, .seed = 3});
  CHECK(s["top1"]["overall"] == 0.8);
  CHECK(s["top1"]["class_mean"] == 0.75);
  CHECK(s["top1"]["ci_lower"].get<double>() >= 0.5);
  CHECK(s["top1"]["ci_upper"].get<double>() <= 1.0);
  CHECK(s["bootstrap"]["resamples"] == 200);

  TempDir dir("metrics_table");
  write_metrics_csv(dir.file("per_class.csv"), table, names);
  write_json_file(dir.file("summary.json"), s);
  CHECK(read_text(dir.file("per_class.csv")) == table.to_csv(names));
  CHECK(nlohmann::json::parse(read_text(dir.file("summary.json"))) == s);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path),
                      std::filesystem::directory_iterator()) == 2);  // no temporary files left
}
