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

TEST_CASE("nested bootstrap: the interval covers the variation between clusters") {
  // Two seeds whose classes agree within a seed but not between seeds: resampling units alone
  // sees 10 values split 5/5 and gives a narrow interval; resampling seeds first can draw the same
  // seed twice, so the interval reaches both seeds' means.
  const std::vector<std::vector<double>> clusters{{0.1, 0.12, 0.1, 0.11, 0.1},
                                                  {0.9, 0.9, 0.88, 0.9, 0.91}};
  std::vector<double> flat;
  for (const auto& c : clusters) flat.insert(flat.end(), c.begin(), c.end());
  const ConfidenceInterval units = bootstrap_mean_ci(flat, {.seed = 4});
  const ConfidenceInterval nested = nested_bootstrap_mean_ci(clusters, {.seed = 4});
  CHECK(nested.mean == doctest::Approx(units.mean));
  CHECK(units.lower > 0.25);
  CHECK(nested.lower < 0.15);
  CHECK(nested.upper > 0.85);
  const ConfidenceInterval again = nested_bootstrap_mean_ci(clusters, {.seed = 4});
  CHECK(again.lower == nested.lower);
  CHECK(again.upper == nested.upper);

  // The mean is over all units, so clusters of different sizes weigh by their units.
  CHECK(nested_bootstrap_mean_ci({{1.0}, {0.0, 0.0, 0.0}}).mean == doctest::Approx(0.25));
  const ConfidenceInterval constant = nested_bootstrap_mean_ci({{0.3, 0.3}, {0.3}});
  CHECK(constant.lower == doctest::Approx(0.3));
  CHECK(constant.upper == doctest::Approx(0.3));
  CHECK_THROWS_AS(nested_bootstrap_mean_ci({}), UserError);
  CHECK_THROWS_AS(nested_bootstrap_mean_ci({{1.0}, {}}), UserError);
}

TEST_CASE("metrics CSV: read back what was written, malformed files name the line") {
  MetricsTable table;
  table.add("top1", {{0, 3}, {1.0, 0.5}, 0.8});
  table.add("delta", {{0, 3}, {0.1, 2.0 / 3}, 0.3});
  TempDir dir("metrics_csv");
  write_metrics_csv(dir.file("m.csv"), table, {"shirt, \"plain\"", "x", "y", "boot"});
  const MetricsCsv csv = read_metrics_csv(dir.file("m.csv"));
  CHECK(csv.classes == std::vector<int64_t>{0, 3});
  CHECK(csv.column("top1") == std::vector<double>{1.0, 0.5});
  CHECK(csv.column("delta") == std::vector<double>{0.1, 2.0 / 3});  // exact: shortest round trip
  CHECK_THROWS_WITH_AS(csv.column("top5"), doctest::Contains("no column 'top5'"), UserError);

  const auto write = [&](const char* text) {
    std::ofstream(dir.file("bad.csv")) << text;
    return dir.file("bad.csv");
  };
  CHECK_THROWS_WITH_AS(read_metrics_csv(write("")), doctest::Contains("empty file"), UserError);
  CHECK_THROWS_WITH_AS(read_metrics_csv(write("a,b\n")), doctest::Contains("class,name"),
                       UserError);
  CHECK_THROWS_WITH_AS(read_metrics_csv(write("class,name,t\n0,x,1\n1,y\n")),
                       doctest::Contains("line 3: expected 3 fields, found 2"), UserError);
  CHECK_THROWS_WITH_AS(read_metrics_csv(write("class,name,t\n0,x,1e\n")),
                       doctest::Contains("line 2, column 't': expected a number, found '1e'"),
                       UserError);
  CHECK_THROWS_WITH_AS(read_metrics_csv(write("class,name,t\n0,\"x,1\n")),
                       doctest::Contains("not closed"), UserError);
  CHECK_THROWS_WITH_AS(read_metrics_csv(dir.file("missing.csv")), doctest::Contains("cannot read"),
                       UserError);
}
