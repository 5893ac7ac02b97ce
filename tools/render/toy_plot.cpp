#include "tools/render/toy_plot.h"

#include <algorithm>

#include <cmath>

#include "engine/core/error.h"
#include "tools/render/plot.h"

namespace phantom::render {
namespace {

// Okabe-Ito colours: distinct for colour-blind readers and against viridis.
constexpr Rgb kClassColors[] = {{0xd5, 0x5e, 0x00}, {0x56, 0xb4, 0xe9}, {0xf0, 0xe4, 0x42}};
constexpr Rgb kInk{0x20, 0x20, 0x20};

void draw_training_point(Canvas& canvas, Point at, int label) {
  canvas.fill_circle(at, 5.0, kInk);
  canvas.fill_circle(at, 3.6, kClassColors[label]);
}

void draw_start_marker(Canvas& canvas, Point at) {
  canvas.fill_circle(at, 8.0, kInk);
  canvas.fill_circle(at, 6.2, kWhite);
  canvas.fill_circle(at, 3.0, kInk);
}

void draw_end_marker(Canvas& canvas, Point at) {
  const double r = 6.0;
  for (auto [width, color] : {std::pair{5.0, kInk}, std::pair{2.4, kWhite}}) {
    canvas.draw_line({at.x - r, at.y - r}, {at.x + r, at.y + r}, width, color);
    canvas.draw_line({at.x - r, at.y + r}, {at.x + r, at.y - r}, width, color);
  }
}

void draw_path(Canvas& canvas, const std::vector<Point>& pixels) {
  canvas.draw_polyline(pixels, 4.5, kInk);
  canvas.draw_polyline(pixels, 2.0, kWhite);
}

// A translucent white box in the plot's top-left corner naming each marker.
void draw_legend(Canvas& canvas, const PixelRect& area) {
  const char* labels[] = {"class 0", "class 1", "class 2", "attack path", "start", "end"};
  const int line = 18, pad = 8, marker_w = 26;
  const PixelRect box{area.left + 8, area.top + 8, marker_w + text_width("attack path") + 2 * pad,
                      6 * line + 2 * pad - 4};
  for (int y = box.top; y < box.bottom(); ++y)
    for (int x = box.left; x < box.right(); ++x) canvas.blend(x, y, kWhite, 0.82);
  for (int i = 0; i < 6; ++i) {
    const int top = box.top + pad + i * line;
    const Point marker{box.left + pad + 9.0, top + 4.0};
    if (i < 3) draw_training_point(canvas, marker, i);
    if (i == 3) draw_path(canvas, {{marker.x - 9, marker.y + 3}, {marker.x + 9, marker.y - 3}});
    if (i == 4) draw_start_marker(canvas, marker);
    if (i == 5) draw_end_marker(canvas, marker);
    canvas.draw_text(box.left + pad + marker_w, top + 1, labels[i], kInk);
  }
}

}  // namespace

void render_toy_plot(const std::string& path, const std::string& title,
                     const std::vector<float>& confidence,
                     const std::vector<LabeledPoint>& training_points,
                     const std::vector<Point>& attack_path, Point start) {
  const int n = static_cast<int>(std::lround(std::sqrt(static_cast<double>(confidence.size()))));
  PHANTOM_REQUIRE(n >= 2 && static_cast<size_t>(n) * n == confidence.size(),
                  "render_toy_plot: expected an n x n confidence grid, found ", confidence.size(),
                  " values");
  for (const LabeledPoint& p : training_points)
    PHANTOM_REQUIRE(p.label >= 0 && p.label < 3, "render_toy_plot: class labels are 0..2, found ",
                    p.label);

  Canvas canvas(630, 580, kWhite);
  const PlotFrame frame{{52, 44, 500, 500}, -kToyExtent, kToyExtent, -kToyExtent, kToyExtent};
  const GridField field{confidence, n, n, -kToyExtent, kToyExtent, -kToyExtent, kToyExtent};
  draw_heat_map(canvas, frame, field, 0.0, 1.0);

  std::vector<double> ticks;
  for (double t = -kToyExtent; t <= kToyExtent; t += 5) ticks.push_back(t);
  AxisStyle axes{ticks, ticks};
  draw_axes(canvas, frame, axes);
  draw_colorbar(canvas, {frame.area.right() + 16, frame.area.top, 14, frame.area.height}, 0.0, 1.0,
                {0.0, 0.25, 0.5, 0.75, 1.0}, axes);

  for (const LabeledPoint& p : training_points)
    draw_training_point(canvas, frame.to_pixel(p.x, p.y), p.label);
  std::vector<Point> pixels;
  for (const Point& p : attack_path) pixels.push_back(frame.to_pixel(p.x, p.y));
  if (!pixels.empty()) {
    draw_path(canvas, pixels);
    draw_end_marker(canvas, pixels.back());
  }
  draw_start_marker(canvas, frame.to_pixel(start.x, start.y));
  draw_legend(canvas, frame.area);

  // Double size when the title fits above the frame, single size (still centred) when it would not.
  const int title_scale = text_width(title, 2) <= canvas.width() - 8 ? 2 : 1;
  canvas.draw_text(
      std::max(4, frame.area.left + (frame.area.width - text_width(title, title_scale)) / 2),
      (frame.area.top - text_height(title_scale)) / 2, title, kInk, title_scale);
  canvas.save_png(path);
}

}  // namespace phantom::render
