#include "tools/render/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/error.h"

namespace phantom::render {

Point PlotFrame::to_pixel(double x, double y) const {
  return {area.left + (x - x_min) / (x_max - x_min) * area.width,
          area.top + (y_max - y) / (y_max - y_min) * area.height};
}

Point PlotFrame::to_data(Point pixel) const {
  return {x_min + (pixel.x - area.left) / area.width * (x_max - x_min),
          y_max - (pixel.y - area.top) / area.height * (y_max - y_min)};
}

double GridField::at(double x, double y) const {
  PHANTOM_REQUIRE(rows >= 2 && cols >= 2 && values.size() == static_cast<size_t>(rows) * cols,
                  "GridField: expected rows x cols values with rows, cols >= 2, found ",
                  values.size(), " values for ", rows, "x", cols);
  // Continuous grid coordinates, clamped so the edge rows and columns extend outwards.
  double u = std::clamp((x - x_min) / (x_max - x_min) * (cols - 1), 0.0, cols - 1.0);
  double v = std::clamp((y - y_min) / (y_max - y_min) * (rows - 1), 0.0, rows - 1.0);
  int c0 = std::min(static_cast<int>(u), cols - 2), r0 = std::min(static_cast<int>(v), rows - 2);
  double fu = u - c0, fv = v - r0;
  auto value = [&](int r, int c) {
    return static_cast<double>(values[static_cast<size_t>(r) * cols + c]);
  };
  double bottom = value(r0, c0) * (1 - fu) + value(r0, c0 + 1) * fu;
  double top = value(r0 + 1, c0) * (1 - fu) + value(r0 + 1, c0 + 1) * fu;
  return bottom * (1 - fv) + top * fv;
}

void draw_heat_map(Canvas& canvas, const PlotFrame& frame, const GridField& field, double v_min,
                   double v_max) {
  const double span = v_max > v_min ? v_max - v_min : 1.0;
  for (int y = frame.area.top; y < frame.area.bottom(); ++y)
    for (int x = frame.area.left; x < frame.area.right(); ++x) {
      Point d = frame.to_data({x + 0.5, y + 0.5});
      canvas.set_pixel(x, y, viridis((field.at(d.x, d.y) - v_min) / span));
    }
}

std::string tick_label(double value) {
  if (std::abs(value) < 1e-12) return "0";
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

namespace {

// Pixel column (or row) of a data coordinate, kept inside [first, last].
int pixel_index(double position, int first, int last) {
  return std::clamp(static_cast<int>(std::floor(position)), first, last);
}

void draw_frame(Canvas& canvas, const PixelRect& area, Rgb color) {
  canvas.fill_rect({area.left - 1, area.top - 1, area.width + 2, 1}, color);
  canvas.fill_rect({area.left - 1, area.bottom(), area.width + 2, 1}, color);
  canvas.fill_rect({area.left - 1, area.top - 1, 1, area.height + 2}, color);
  canvas.fill_rect({area.right(), area.top - 1, 1, area.height + 2}, color);
}

}  // namespace

void draw_axes(Canvas& canvas, const PlotFrame& frame, const AxisStyle& style) {
  const PixelRect& a = frame.area;
  draw_frame(canvas, a, style.color);
  const int gap = 3, s = style.font_scale;
  for (double t : style.x_ticks) {
    int x = pixel_index(frame.to_pixel(t, frame.y_min).x, a.left, a.right() - 1);
    canvas.fill_rect({x, a.bottom() + 1, 1, style.tick_length}, style.color);
    std::string label = tick_label(t);
    canvas.draw_text(x - text_width(label, s) / 2, a.bottom() + 1 + style.tick_length + gap, label,
                     style.color, s);
  }
  for (double t : style.y_ticks) {
    int y = pixel_index(frame.to_pixel(frame.x_min, t).y, a.top, a.bottom() - 1);
    canvas.fill_rect({a.left - 1 - style.tick_length, y, style.tick_length, 1}, style.color);
    std::string label = tick_label(t);
    canvas.draw_text(a.left - 1 - style.tick_length - gap - text_width(label, s),
                     y - text_height(s) / 2, label, style.color, s);
  }
}

void draw_colorbar(Canvas& canvas, const PixelRect& bar, double v_min, double v_max,
                   const std::vector<double>& ticks, const AxisStyle& style) {
  for (int y = bar.top; y < bar.bottom(); ++y) {
    double t = 1.0 - (y + 0.5 - bar.top) / bar.height;  // 0 at the bottom
    canvas.fill_rect({bar.left, y, bar.width, 1}, viridis(t));
  }
  draw_frame(canvas, bar, style.color);
  const int gap = 3, s = style.font_scale;
  for (double v : ticks) {
    double position = bar.top + (v_max - v) / (v_max - v_min) * bar.height;
    int y = pixel_index(position, bar.top, bar.bottom() - 1);
    canvas.fill_rect({bar.right() + 1, y, style.tick_length, 1}, style.color);
    canvas.draw_text(bar.right() + 1 + style.tick_length + gap, y - text_height(s) / 2,
                     tick_label(v), style.color, s);
  }
}

}  // namespace phantom::render
