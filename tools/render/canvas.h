// An RGB raster to draw plots on: fills, anti-aliased circles and wide polylines, and text in the
// built-in 5x7 font. Pixel coordinates: x to the right, y down; pixel (i, j) covers
// [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/render/colormap.h"

namespace phantom::render {

struct Point {
  double x = 0, y = 0;
};

// Pixels [left, left + width) x [top, top + height).
struct PixelRect {
  int left = 0, top = 0, width = 0, height = 0;
  int right() const { return left + width; }
  int bottom() const { return top + height; }
};

class Canvas {
 public:
  Canvas(int width, int height, Rgb background = kWhite);

  int width() const { return width_; }
  int height() const { return height_; }
  Rgb pixel(int x, int y) const;
  const std::vector<uint8_t>& rgb_bytes() const { return rgb_; }  // row-major, 3 bytes a pixel

  void fill(Rgb color);
  void fill_rect(const PixelRect& rect, Rgb color);  // clipped to the canvas
  void set_pixel(int x, int y, Rgb color);           // ignored off the canvas
  // Paints `color` over pixel (x, y) with opacity alpha in [0, 1]; ignored off the canvas.
  void blend(int x, int y, Rgb color, double alpha);

  // A disc with anti-aliased edge.
  void fill_circle(Point centre, double radius, Rgb color);
  // Connected segments of the given width with round joins and caps, anti-aliased; each pixel is
  // painted once, so a path that crosses itself or joins at sharp angles has no darker seams.
  void draw_polyline(const std::vector<Point>& points, double width, Rgb color);
  void draw_line(Point a, Point b, double width, Rgb color) { draw_polyline({a, b}, width, color); }

  // Text with its top-left corner at (left, top); each font pixel becomes scale x scale pixels.
  void draw_text(int left, int top, std::string_view text, Rgb color, int scale = 1);

  // Writes the canvas as an RGB PNG (atomically).
  void save_png(const std::string& path) const;

 private:
  int width_, height_;
  std::vector<uint8_t> rgb_;
};

// Size of `text` in pixels as draw_text draws it: one blank font column between glyphs; the
// height is that of capitals (descenders reach one font row further down).
int text_width(std::string_view text, int scale = 1);
int text_height(int scale = 1);

}  // namespace phantom::render
