#include "tools/render/canvas.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"
#include "engine/io/image.h"
#include "tools/render/font5x7.h"

namespace phantom::render {
namespace {

// Coverage of a pixel whose centre lies `distance` from a shape's boundary inside a shape of
// half-width `half_width`: 1 well inside, 0 well outside, a linear ramp one pixel wide across the
// edge (a cheap box-filter approximation).
double edge_coverage(double distance, double half_width) {
  return std::clamp(half_width + 0.5 - distance, 0.0, 1.0);
}

double distance_to_segment(Point p, Point a, Point b) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double length2 = dx * dx + dy * dy;
  double t =
      length2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0) : 0;
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

}  // namespace

Canvas::Canvas(int width, int height, Rgb background) : width_(width), height_(height) {
  PHANTOM_REQUIRE(width > 0 && height > 0, "Canvas: expected a positive size, found ", width, "x",
                  height);
  rgb_.resize(static_cast<size_t>(width) * height * 3);
  fill(background);
}

Rgb Canvas::pixel(int x, int y) const {
  PHANTOM_CHECK(x >= 0 && y >= 0 && x < width_ && y < height_, "pixel (", x, ", ", y,
                ") is off the ", width_, "x", height_, " canvas");
  const uint8_t* p = &rgb_[(static_cast<size_t>(y) * width_ + x) * 3];
  return {p[0], p[1], p[2]};
}

void Canvas::fill(Rgb color) {
  fill_rect({0, 0, width_, height_}, color);
}

void Canvas::fill_rect(const PixelRect& rect, Rgb color) {
  for (int y = std::max(rect.top, 0); y < std::min(rect.bottom(), height_); ++y)
    for (int x = std::max(rect.left, 0); x < std::min(rect.right(), width_); ++x)
      set_pixel(x, y, color);
}

void Canvas::set_pixel(int x, int y, Rgb color) {
  blend(x, y, color, 1.0);
}

void Canvas::blend(int x, int y, Rgb color, double alpha) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_ || alpha <= 0) return;
  uint8_t* p = &rgb_[(static_cast<size_t>(y) * width_ + x) * 3];
  Rgb out = mix({p[0], p[1], p[2]}, color, std::min(alpha, 1.0));
  p[0] = out.r;
  p[1] = out.g;
  p[2] = out.b;
}

void Canvas::fill_circle(Point centre, double radius, Rgb color) {
  for (int y = static_cast<int>(std::floor(centre.y - radius - 1));
       y <= static_cast<int>(std::ceil(centre.y + radius + 1)); ++y)
    for (int x = static_cast<int>(std::floor(centre.x - radius - 1));
         x <= static_cast<int>(std::ceil(centre.x + radius + 1)); ++x)
      blend(x, y, color, edge_coverage(std::hypot(x + 0.5 - centre.x, y + 0.5 - centre.y), radius));
}

void Canvas::draw_polyline(const std::vector<Point>& points, double width, Rgb color) {
  if (points.empty()) return;
  const double half = width / 2;
  // Coverage mask over the path's bounding box (clipped to the canvas): the maximum over
  // segments, blended once at the end.
  double min_x = points[0].x, max_x = min_x, min_y = points[0].y, max_y = min_y;
  for (const Point& p : points) {
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  const int x0 = std::max(0, static_cast<int>(std::floor(min_x - half - 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(min_y - half - 1)));
  const int x1 = std::min(width_, static_cast<int>(std::ceil(max_x + half + 2)));
  const int y1 = std::min(height_, static_cast<int>(std::ceil(max_y + half + 2)));
  if (x0 >= x1 || y0 >= y1) return;
  const int mask_w = x1 - x0;
  std::vector<float> coverage(static_cast<size_t>(mask_w) * (y1 - y0), 0.0f);

  // A single point is a zero-length segment: a dot.
  const size_t segments = std::max<size_t>(1, points.size() - 1);
  for (size_t i = 0; i < segments; ++i) {
    Point a = points[i], b = points[std::min(i + 1, points.size() - 1)];
    int sx0 = std::max(x0, static_cast<int>(std::floor(std::min(a.x, b.x) - half - 1)));
    int sx1 = std::min(x1, static_cast<int>(std::ceil(std::max(a.x, b.x) + half + 2)));
    int sy0 = std::max(y0, static_cast<int>(std::floor(std::min(a.y, b.y) - half - 1)));
    int sy1 = std::min(y1, static_cast<int>(std::ceil(std::max(a.y, b.y) + half + 2)));
    for (int y = sy0; y < sy1; ++y)
      for (int x = sx0; x < sx1; ++x) {
        float c =
            static_cast<float>(edge_coverage(distance_to_segment({x + 0.5, y + 0.5}, a, b), half));
        float& m = coverage[static_cast<size_t>(y - y0) * mask_w + (x - x0)];
        m = std::max(m, c);
      }
  }
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      blend(x, y, color, coverage[static_cast<size_t>(y - y0) * mask_w + (x - x0)]);
}

int text_width(std::string_view text, int scale) {
  return text.empty() ? 0 : static_cast<int>(text.size()) * (kGlyphWidth + 1) * scale - scale;
}

int text_height(int scale) {
  return kGlyphHeight * scale;
}

void Canvas::draw_text(int left, int top, std::string_view text, Rgb color, int scale) {
  for (size_t i = 0; i < text.size(); ++i) {
    const int glyph_left = left + static_cast<int>(i) * (kGlyphWidth + 1) * scale;
    for (int row = 0; row < kGlyphRows; ++row)
      for (int col = 0; col < kGlyphWidth; ++col)
        if (glyph_ink(text[i], row, col))
          fill_rect({glyph_left + col * scale, top + row * scale, scale, scale}, color);
  }
}

void Canvas::save_png(const std::string& path) const {
  io::write_png_u8(path, rgb_.data(), width_, height_, 3);
}

}  // namespace phantom::render
