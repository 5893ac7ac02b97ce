// Line charts as SVG text for the HTML report: several series over a shared numeric x axis, with
// optional interval bars (e.g. bootstrap 95% intervals), "nice" axis ticks, axis labels, a title
// and a legend. Written by the project, no plotting library.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace phantom::report {

struct Series {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> lower, upper;  // empty, or one interval per point
};

struct Chart {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  std::optional<double> y_min, y_max;      // default: the data's range (intervals included)
  std::vector<std::string> x_tick_labels;  // non-empty: label x = 0, 1, 2... with these instead
};

std::string svg_line_chart(const Chart& chart, int width = 520, int height = 320);

// About `count` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int count = 5);

}  // namespace phantom::report
