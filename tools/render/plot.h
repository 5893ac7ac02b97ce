// Plot furniture on a Canvas: the mapping from data space to pixels, heat maps of scalar fields,
// axis frames with ticks and labels, and colour bars.
#pragma once
#include <string>
#include <vector>

#include "tools/render/canvas.h"

namespace phantom::render {

// Maps the data rectangle [x_min, x_max] x [y_min, y_max] onto a pixel rectangle, with the data
// y axis pointing up (y_max at the top edge of the area).
struct PlotFrame {
  PixelRect area;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;

  Point to_pixel(double x, double y) const;
  Point to_data(Point pixel) const;  // the inverse
};

// A scalar field sampled on a regular grid including both ends of each range:
//   values[row * cols + col] is the value at x = x_min + col * (x_max - x_min) / (cols - 1),
//                                             y = y_min + row * (y_max - y_min) / (rows - 1),
// so row 0 is y_min: the bottom row of a plot whose y axis points up.
struct GridField {
  std::vector<float> values;
  int rows = 0, cols = 0;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;

  // Bilinear interpolation, clamped to the grid's edge outside it.
  double at(double x, double y) const;
};

// Colours every pixel of frame.area by the field at the pixel centre, viridis over [v_min, v_max].
void draw_heat_map(Canvas& canvas, const PlotFrame& frame, const GridField& field, double v_min,
                   double v_max);

struct AxisStyle {
  std::vector<double> x_ticks, y_ticks;  // in data units
  Rgb color = kBlack;
  int tick_length = 5;
  int font_scale = 1;
};

// A one-pixel frame just outside frame.area, outward ticks, and tick labels below and left.
void draw_axes(Canvas& canvas, const PlotFrame& frame, const AxisStyle& style);

// A vertical bar, v_min at the bottom and v_max at the top, framed, with labelled ticks on its
// right.
void draw_colorbar(Canvas& canvas, const PixelRect& bar, double v_min, double v_max,
                   const std::vector<double>& ticks, const AxisStyle& style);

// A tick label: shortest form of the number ("-15", "0.5"), never "-0".
std::string tick_label(double value);

}  // namespace phantom::render
