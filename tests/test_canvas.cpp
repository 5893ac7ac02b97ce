// The plotting canvas: pixel-level checks of shapes, colour map, text, plot furniture and the toy
// attack plot.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "engine/io/image.h"
#include "tools/render/canvas.h"
#include "tools/render/font5x7.h"
#include "tools/render/plot.h"
#include "tools/render/toy_plot.h"

using namespace phantom;
using namespace phantom::render;

namespace {

constexpr Rgb kGray{128, 128, 128};
constexpr Rgb kRed{200, 30, 40};

double luminance(Rgb c) {
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

int count_pixels_unlike(const Canvas& canvas, Rgb background) {
  int n = 0;
  for (int y = 0; y < canvas.height(); ++y)
    for (int x = 0; x < canvas.width(); ++x) n += canvas.pixel(x, y) != background;
  return n;
}

}  // namespace

TEST_CASE("viridis: published ends and middle, clamped, lightness rising") {
  CHECK(viridis(0.0) == Rgb{0x44, 0x01, 0x54});
  CHECK(viridis(0.5) == Rgb{0x21, 0x91, 0x8c});
  CHECK(viridis(1.0) == Rgb{0xfd, 0xe7, 0x25});
  CHECK(viridis(-3.0) == viridis(0.0));
  CHECK(viridis(7.0) == viridis(1.0));
  for (int i = 1; i <= 100; ++i) {
    CAPTURE(i);
    CHECK(luminance(viridis(i / 100.0)) > luminance(viridis((i - 1) / 100.0)));
  }
}

TEST_CASE("a filled circle covers its centre, not beyond its radius, with a soft edge") {
  Canvas canvas(40, 30, kGray);
  canvas.fill_circle({20.5, 15.5}, 6.0, kRed);
  CHECK(canvas.pixel(20, 15) == kRed);
  CHECK(canvas.pixel(25, 15) == kRed);   // 5 px from the centre
  CHECK(canvas.pixel(28, 15) == kGray);  // 8 px
  CHECK(canvas.pixel(20, 23) == kGray);
  // 6 px right of the centre the pixel straddles the edge: part red, part gray.
  Rgb edge = canvas.pixel(26, 15);
  CHECK(edge != kRed);
  CHECK(edge != kGray);
  CHECK(edge.r > kGray.r);
}

TEST_CASE("a wide polyline paints its band and nothing far from it") {
  Canvas canvas(50, 30, kWhite);
  canvas.draw_polyline({{5, 10.5}, {40, 10.5}, {40, 25}}, 3.0, kBlack);
  CHECK(canvas.pixel(20, 10) == kBlack);
  CHECK(canvas.pixel(20, 9) == kBlack);  // 1 px from the centre line, inside half-width 1.5
  CHECK(canvas.pixel(20, 14) == kWhite);
  CHECK(canvas.pixel(39, 20) == kBlack);  // the vertical leg (x = 40 is the boundary 39|40)
  CHECK(canvas.pixel(30, 20) == kWhite);
}

TEST_CASE("text draws exactly the font's ink, scaled") {
  for (int scale : {1, 2}) {
    CAPTURE(scale);
    Canvas canvas(40, 20, kWhite);
    canvas.draw_text(3, 2, "A1", kBlack, scale);
    CHECK(text_width("A1", scale) == 11 * scale);
    int ink = 0;
    for (char c : std::string("A1")) {
      for (int r = 0; r < kGlyphRows; ++r)
        for (int col = 0; col < kGlyphWidth; ++col) ink += glyph_ink(c, r, col);
    }
    CHECK(count_pixels_unlike(canvas, kWhite) == ink * scale * scale);
    // The crossbar of 'A' (row 3) and the base of '1' (row 6, columns 1..3).
    CHECK(canvas.pixel(3 + 2 * scale, 2 + 3 * scale) == kBlack);
    CHECK(canvas.pixel(3 + (6 + 2) * scale, 2 + 6 * scale) == kBlack);
    CHECK(canvas.pixel(3, 2) == kWhite);  // row 0 of 'A' is ".###.": column 0 is blank
  }
}

TEST_CASE("the font covers what plots need and marks the rest with '?'") {
  for (char c : std::string("0123456789ABCXYZabcxyz.-=:()+ ,/%_"))
    CHECK_MESSAGE(has_glyph(c), "missing glyph '", c, "'");
  CHECK_FALSE(has_glyph('~'));
  CHECK_FALSE(has_glyph(static_cast<char>(200)));
  // Unknown characters draw as '?', whose ink ends with a dot at row 6, column 2.
  CHECK(glyph_ink('~', 6, 2));
  CHECK(glyph_ink('?', 6, 2));
  // 'p' descends below the baseline; 'P' does not.
  CHECK(glyph_ink('p', 7, 0));
  CHECK_FALSE(glyph_ink('P', 7, 0));
}

TEST_CASE("PlotFrame maps data to pixels with y up, and back") {
  PlotFrame frame{{10, 20, 100, 50}, -15, 15, -5, 5};
  Point top_left = frame.to_pixel(-15, 5), bottom_right = frame.to_pixel(15, -5);
  CHECK(top_left.x == doctest::Approx(10));
  CHECK(top_left.y == doctest::Approx(20));
  CHECK(bottom_right.x == doctest::Approx(110));
  CHECK(bottom_right.y == doctest::Approx(70));
  Point back = frame.to_data(frame.to_pixel(3.25, -1.5));
  CHECK(back.x == doctest::Approx(3.25));
  CHECK(back.y == doctest::Approx(-1.5));
}

TEST_CASE("GridField: row 0 is y_min, bilinear inside, clamped outside") {
  GridField f{{0, 1, 2, 3, 4, 5}, 2, 3, 0, 2, 0, 1};  // value = col + 3 * row
  CHECK(f.at(0, 0) == doctest::Approx(0));
  CHECK(f.at(2, 1) == doctest::Approx(5));
  CHECK(f.at(0.5, 0.25) == doctest::Approx(0.5 + 0.75));
  CHECK(f.at(-9, 9) == doctest::Approx(3));
}

TEST_CASE("heat map corners take the colour map's ends") {
  // 4x4 grid: 0 in the bottom-left quadrant of nodes, 1 elsewhere.
  std::vector<float> values(16, 1.0f);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) values[r * 4 + c] = 0.0f;
  Canvas canvas(60, 50, kWhite);
  PlotFrame frame{{5, 5, 40, 30}, -1, 1, -1, 1};
  draw_heat_map(canvas, frame, GridField{values, 4, 4, -1, 1, -1, 1}, 0.0, 1.0);
  CHECK(canvas.pixel(5, 34) == viridis(0.0));  // bottom-left pixel of the area
  CHECK(canvas.pixel(44, 5) == viridis(1.0));  // top-right
  CHECK(canvas.pixel(4, 34) == kWhite);        // outside the area is untouched
  CHECK(canvas.pixel(45, 5) == kWhite);
}

TEST_CASE("axes draw a frame, ticks and labels; tick labels read well") {
  CHECK(tick_label(-15) == "-15");
  CHECK(tick_label(0.25) == "0.25");
  CHECK(tick_label(-0.0) == "0");
  Canvas canvas(120, 100, kWhite);
  PlotFrame frame{{30, 10, 80, 60}, 0, 1, 0, 1};
  draw_axes(canvas, frame, AxisStyle{{0, 0.5, 1}, {0, 1}});
  CHECK(canvas.pixel(29, 40) == kBlack);  // left frame line
  CHECK(canvas.pixel(60, 70) == kBlack);  // bottom frame line
  CHECK(canvas.pixel(70, 72) == kBlack);  // tick at x = 0.5, below the frame
  CHECK(canvas.pixel(60, 40) == kWhite);  // inside stays clear
  int label_ink = 0;                      // labels live below the ticks
  for (int y = 77; y < 90; ++y)
    for (int x = 0; x < 120; ++x) label_ink += canvas.pixel(x, y) == kBlack;
  CHECK(label_ink > 20);
}

TEST_CASE("toy plot: a PNG of the expected size, heat map the right way up") {
  auto dir = std::filesystem::temp_directory_path() /
             ("phantom_test_canvas_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "toy.png").string();
  // Confidence 1 on the bottom grid row (y = -15), 0 elsewhere.
  std::vector<float> confidence(100 * 100, 0.0f);
  for (int c = 0; c < 100; ++c) confidence[c] = 1.0f;
  render_toy_plot(path, "alpha = +0.05: 3113 steps, distance 0.65", confidence,
                  {{1, 2, 0}, {-3, 4, 1}, {5, -6, 2}}, {{10, 10}, {0, 0}, {-2, 1}}, {10, 10});
  Tensor image = io::read_image(path);
  CHECK(image.shape() == Shape{3, 580, 630});
  auto green = [&](int x, int y) { return image.to_floats()[(1 * 580 + y) * 630 + x]; };
  CHECK(green(500, 543) > 0.6f);  // bottom row of the plot area: near the yellow end
  CHECK(green(500, 300) < 0.1f);  // middle: the dark purple end
  std::filesystem::remove_all(dir);

  CHECK_THROWS_AS(render_toy_plot(path, "t", std::vector<float>(99), {}, {}, {0, 0}), UserError);
  CHECK_THROWS_AS(render_toy_plot(path, "t", confidence, {{0, 0, 3}}, {}, {0, 0}), UserError);
}
