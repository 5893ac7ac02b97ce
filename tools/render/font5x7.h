// A tiny built-in bitmap font: 5x7 glyphs for digits, letters and the punctuation plots need
// (space . , - + = : ( ) / % _ ?). Enough for titles, tick labels and legends without a font file.
#pragma once

namespace phantom::render {

constexpr int kGlyphWidth = 5;
constexpr int kGlyphHeight = 7;  // capitals and digits, above the baseline
constexpr int kGlyphRows = 8;    // plus one row below the baseline for descenders (g j p q y ,)

// Whether the font draws `c` (others are drawn as '?').
bool has_glyph(char c);
// Whether the glyph of `c` has ink at (row, col), row in [0, kGlyphRows), col in [0, kGlyphWidth).
bool glyph_ink(char c, int row, int col);

}  // namespace phantom::render
