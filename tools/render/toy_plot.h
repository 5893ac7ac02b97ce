// The picture of one 2-D toy attack: the classifier's confidence for the target class as a heat
// map over [-15, 15]^2, the training points, and the attack's path from its start to its end.
#pragma once
#include <string>
#include <vector>

#include "tools/render/canvas.h"

namespace phantom::render {

constexpr double kToyExtent = 15.0;  // the plot shows [-kToyExtent, kToyExtent]^2

struct LabeledPoint {
  double x = 0, y = 0;
  int label = 0;  // class 0, 1 or 2
};

// Writes a PNG (about 630x580) of:
//  - `confidence`: n x n values in [0, 1], row-major, on the grid x_j = -15 + 30 j / (n - 1),
//    y_i = -15 + 30 i / (n - 1) (n = 100 normally): row 0 is y = -15, the BOTTOM of the picture,
//    whose y axis points up; column 0 is x = -15, the left;
//  - `training_points` coloured by class, with a dark outline;
//  - `attack_path` (data coordinates) as a white line with a dark edge, its first point `start`
//    marked by a ring and its last point by a cross;
//  - axes with ticks at -15, -10, ..., 15, a colour bar, a legend and `title` on top.
void render_toy_plot(const std::string& path, const std::string& title,
                     const std::vector<float>& confidence,
                     const std::vector<LabeledPoint>& training_points,
                     const std::vector<Point>& attack_path, Point start);

}  // namespace phantom::render
